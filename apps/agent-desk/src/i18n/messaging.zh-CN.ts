/** 短信 (SMS outbox, a donor's SMS) — zh-CN, the reference for messaging.en.ts. */
const zh = {
  nav: '短信',
  title: '短信发件箱',
  hint: '发送状态、失败原因；失败或暂停的短信可重发',
  refresh: '刷新',
  bookingSms: '确认短信',
  filter: { all: '全部状态', problems: '需处理（失败/暂停/未送达）' },
  status: {
    pending: '待发送', sending: '发送中', sent: '已发送', delivered: '已送达', undelivered: '未送达', failed: '发送失败', parked: '已暂停', suppressed: '未发送（退订）',
  } as Record<string, string>,
  template: {
    'appointment-booked': '预约确认', 'appointment-cancelled': '预约取消', 'appointment-rescheduled': '预约改期', 'appointment-reminder': '预约提醒',
    survey: '满意度调查', care: '关怀', 'voice-reply': '留言回复', 'no-show': '爽约关怀', 'recruitment-invitation': '招募邀约',
  } as Record<string, string>,
  col: { id: '编号', created: '创建时间', to: '手机号', donor: '献血者', template: '类型', status: '状态', attempts: '次数', reason: '失败原因', actions: '操作' },
  retry: '重发',
  park: '暂停',
  parkReason: '暂停原因',
  parkPrompt: '请填写暂停发送的原因',
  counts: '已退订号码 {optedOut} 个 · 今日回复 {inbound} 条',
  empty: '没有短信',
  history: '短信记录',
  historyEmpty: '暂无短信',
  outgoing: '发出',
  incoming: '回复',
  intent: { score: '评分', verdict: '满意度', 'opt-out': '退订', other: '留言' } as Record<string, string>,
  task: '已生成工单 #{id}',
  done: '已提交',
};
export default zh;
