/** 短信邀约（短信招募活动）— 中文（主语言）。 */
const zh = {
  create: '新建短信邀约',
  title: '新建短信邀约',
  fromPlannerButton: '短信邀约（{n}）',
  handoffName: '血小板 {group} 短信邀约 {day}',
  channelTag: '短信',
  form: {
    name: '活动名称', source: '收件人来源', segment: '已保存的分群', dates: '起止日期', hours: '发送时段', site: '献血地点', inviteDate: '邀约日期',
    inviteDateHint: '如“12月9日”或“本周六”', product: '邀约品种', rate: '每分钟最多发送', conversion: '转化窗口', cap: '频次限制', conversionUnit: '天内预约计为转化', capUnit: '天内不重复联系（任何渠道）',
    preview: '短信预览', policyNote: '每位收件人发送前都由联系策略决定：请勿来电、未结投诉、未同意招募或短信、已退订（TD）、失败过多暂停、频次限制的献血者不会收到短信，并记录原因。',
    save: '创建（草稿）', cancel: '取消', perMinute: '条/分钟',
  },
  product: { platelets: '机采血小板', 'whole-blood': '全血' },
  state: { pending: '待发送', queued: '排队中', sent: '已发送', delivered: '已送达', failed: '发送失败', blocked: '策略拦截' },
  reason: {
    'do-not-call': '请勿来电', 'open-complaint': '未结投诉', 'no-consent': '未同意招募', suppressed: '失败过多暂停', 'no-sms-consent': '未同意短信',
    'no-mobile': '无手机号', 'opted-out': '已退订（TD）', 'frequency-cap': '近期已联系',
  },
  results: {
    title: '发送结果', targets: '收件人', replied: '已回复', optedOut: '退订', booked: '已预约', conversion: '转化率', lastMinute: '近1分钟发送', rate: '限速 {n} 条/分钟',
    blockedBy: '拦截原因', all: '全部', col: { name: '献血者', phone: '手机号', state: '状态', reason: '原因', queued: '发送时间', replied: '回复', booked: '预约' },
    intent: { 'opt-out': '退订', other: '有回复', score: '评分', verdict: '评价' },
    closed: {
      'outside-hours': '当前不在发送时段（{start}–{end}），到时自动继续发送', 'before-start': '活动尚未开始（{from} 起），到时自动发送', ended: '活动已过结束日期（{to}），不再发送',
      'not-running': '活动未在进行',
    },
  },
};
export default zh;
