/** 监听 / 耳语 / 强插 (live monitoring from the wallboard) — 简体中文. */
export default {
  mode: { listen: '监听', whisper: '耳语', barge: '强插' } as Record<string, string>,
  modeHint: {
    listen: '静默监听：坐席和来电人都听不到您',
    whisper: '耳语：只有坐席能听到您',
    barge: '强插：三方通话，来电人也能听到您',
  } as Record<string, string>,
  state: { ringing: '话机振铃中…', active: '监听中', ended: '已结束' } as Record<string, string>,
  endReason: {
    stopped: '已结束监听',
    'supervisor-hangup': '您已挂机',
    'call-ended': '通话已结束',
    'not-answered': '话机未接听',
    failed: '监听未能开始',
  } as Record<string, string>,
  column: '监听',
  stop: '结束',
  bar: '正在监听 {agent} 的通话',
  needSeat: '请先登录座席分机：监听时您的话机会振铃',
  busy: '您正在监听另一通电话',
  own: '这是您自己的通话',
};
