/** 客户经理绩效 — zh-CN. Spread into zh-CN.ts as `crmPerf`; en: crm-performance.en.ts (typed against this). */
export default {
  title: '客户经理绩效',
  export: '导出 Excel',
  empty: '该期间无数据',
  note: '联系：本人外呼与短信次数；接通：其中接通或回复；预约/到场：本人预约的及其中到场的；献血、投诉：本人负责的献血者在期间内的献血与投诉。',
  col: { manager: '客户经理', donors: '负责献血者', contacts: '联系', reached: '接通（率）', booked: '预约', showedUp: '到场', donated: '献血', complaints: '投诉' },
};
