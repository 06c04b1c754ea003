/** 外呼活动与拨号 — 中文（主语言）。 */
const zh = {
  nav: '外呼活动',
  title: '外呼活动',
  create: '新建活动',
  fromPlanner: '来自招募计划名单（{n} 人）',
  fromPlannerButton: '生成外呼活动（{n}）',
  handoffName: '血小板 {group} 召回 {day}',
  empty: '暂无外呼活动',
  col: { name: '活动', status: '状态', mode: '拨号方式', targets: '目标', dates: '日期', hours: '时段', agents: '坐席' },
  status: { draft: '草稿', running: '进行中', paused: '已暂停', stopped: '已结束', active: '进行中（旧）', closed: '已结束' },
  mode: { preview: '预览式', progressive: '渐进式' },
  channel: { call: '电话', sms: '短信' },
  action: { start: '开始', pause: '暂停', stop: '结束', join: '加入外呼', leave: '退出外呼', dial: '拨打', skip: '跳过', next: '下一位' },
  confirmStop: '结束后不能再开始，确定结束该活动？',
  board: {
    title: '活动看板', targets: '目标', attempted: '已拨打', attempts: '拨打次数', reached: '接通', booked: '预约', showedUp: '到场', donated: '献血', blocked: '策略拦截', exhausted: '已达上限', pending: '待拨',
    blockedBy: '拦截原因', outcomes: '结果分布',
  },
  reason: { 'do-not-call': '请勿来电', 'open-complaint': '未结投诉', 'no-consent': '未同意招募', suppressed: '失败过多暂停', 'outside-hours': '不在联系时段', policy: '联系策略' },
  outcome: { reached: '已接通', 'reached-booked': '已预约', 'reached-declined': '拒绝', 'reached-later': '改日再约', 'no-answer': '无人接听', busy: '占线', rejected: '拒接', 'wrong-number': '号码错误' },
  target: { pending: '待拨', dialing: '拨号中', contacted: '已接通', booked: '已预约', declined: '拒绝', blocked: '拦截', exhausted: '达上限', 'wrong-number': '号码错误', suppressed: '暂停', skipped: '跳过' },
  form: {
    name: '活动名称', mode: '拨号方式', channel: '渠道', script: '话术（规范用语）', dates: '起止日期', hours: '呼叫时段', maxAttempts: '每人最多拨打', retry: '重拨间隔（分钟，逗号分隔）',
    agents: '指派坐席', source: '目标来源', segment: '已保存的分群', list: '名单', modeHint: '预览式：坐席先看献血者与话术再拨；渐进式：坐席就绪即自动拨下一位（一人一线，不预测外呼）',
    save: '创建', cancel: '取消',
  },
  work: {
    title: '我的外呼', none: '暂无指派给您的进行中活动', joined: '已加入：{name}', waiting: '就绪后自动拨打下一位献血者…', busy: '通话中',
    previewEmpty: '暂无可拨打的献血者', script: '话术', attempts: '已拨 {n} 次', lastDonation: '末次献血', result: '登记结果', recent: '最近外呼',
    blocked: '已被联系策略拦截', seatNeeded: '请先在工作台登录坐席并就绪',
  },
};
export default zh;
