/** Degraded operation (database or Redis away) — 简体中文 first. */
const zh = {
  dbDegraded: '数据库降级',
  dbDegradedHint: '数据库暂时无法访问：来电弹屏照常（使用已缓存的献血者信息或显示为未知来电），话后处理先暂存在服务器本地，数据库恢复后自动写入，不会丢失也不会重复。',
  redisDown: '集群降级',
  redisDownHint: 'Redis 暂时无法访问：本服务器独立工作，座席与登录限制暂不在服务器间共享。',
  buffered: '已暂存，数据库恢复后自动保存',
};
export default zh;
