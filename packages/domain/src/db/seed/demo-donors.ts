/**
 * Well-known demo donors with fixed numbers that tests, the training mode and the README rely on.
 * Their numbers use the 199-0532 block, which the generated donors never use; DEMO_UNKNOWN_NUMBER belongs to nobody.
 */
export interface DemoDonor {
  key: 'repeat-platelet' | 'deferred' | 'family-father' | 'family-daughter' | 'first-timer' | 'open-complaint';
  name: string;
  /** The number as people write it. */
  phone: string;
  e164: string;
  /** What makes this donor interesting (shown in the training panel). */
  story: string;
}

export const DEMO_FAMILY_NUMBER = { phone: '0532-88886666', e164: '+8653288886666' } as const;

export const DEMO_DONORS: readonly DemoDonor[] = Object.freeze([
  { key: 'repeat-platelet', name: '王建华', phone: '199-0532-0001', e164: '+8619905320001', story: '多次捐献单采血小板（银奖），客户经理为 agent1，绿色通道，今天可以再献血小板。' },
  { key: 'deferred', name: '李秀英', phone: '199-0532-0002', e164: '+8619905320002', story: '全血献血者，因感冒服药暂缓献血至一个月后；预约会被拒绝并说明原因。' },
  { key: 'family-father', name: '张伟', phone: '199-0532-0003', e164: '+8619905320003', story: '家庭座机 0532-88886666 与女儿张丽共用；从座机来电会弹出两位候选人。' },
  { key: 'family-daughter', name: '张丽', phone: DEMO_FAMILY_NUMBER.phone, e164: DEMO_FAMILY_NUMBER.e164, story: '大学生，一年前首次献全血，只登记了家庭座机（与父亲张伟共用）。' },
  { key: 'first-timer', name: '陈晨', phone: '199-0532-0004', e164: '+8619905320004', story: '校园宣传登记的新献血者，从未献过血，同意招募与短信。' },
  { key: 'open-complaint', name: '刘强', phone: '199-0532-0005', e164: '+8619905320005', story: '有一张未结投诉工单（等候时间过长）：主动招募被联系规则拦截，需先回访。' },
]);

export const DEMO_UNKNOWN_NUMBER = { phone: '199-0532-9999', e164: '+8619905329999' } as const;

export const DEMO_PASSWORD = 'demo123';

/**
 * The demo staff: 工号 (employee number, also the staff number of the IVR quality dial-in), the extensions each may
 * sit at (the first is their usual one) and, for qa, a demo IVR PIN. Demo only — never on a production database.
 */
export const DEMO_USERS = Object.freeze([
  { username: 'agent1', displayName: '坐席一号 林晓', role: 'agent', extension: '8001', extensions: ['8001'], employeeNo: '1001', ivrPin: null },
  { username: 'agent2', displayName: '坐席二号 高鹏', role: 'agent', extension: '8002', extensions: ['8002'], employeeNo: '1002', ivrPin: null },
  { username: 'supervisor', displayName: '班长 孙敏', role: 'supervisor', extension: '8009', extensions: ['8009'], employeeNo: '1009', ivrPin: null },
  { username: 'qa', displayName: '质检 赵倩', role: 'quality', extension: null, extensions: [], employeeNo: '2001', ivrPin: '730518' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', extension: null, extensions: [], employeeNo: '9001', ivrPin: null },
] as const);
