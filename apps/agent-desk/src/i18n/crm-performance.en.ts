import type zh from './crm-performance.zh-CN.js';

/** Account managers' performance — English (typed against crm-performance.zh-CN.ts). */
const en: typeof zh = {
  title: 'Account manager performance',
  export: 'Export Excel',
  empty: 'No data in this period',
  note: 'Contacts: their calls and SMS; reached: of those, answered or replied; booked / showed up: appointments they booked and those attended; donated, complaints: by the donors in their care in the period.',
  col: { manager: 'Manager', donors: 'Donors', contacts: 'Contacts', reached: 'Reached (rate)', booked: 'Booked', showedUp: 'Showed up', donated: 'Donated', complaints: 'Complaints' },
};
export default en;
