/**
 * The form the hotline ships with (献血热线通话质检表), from seed 002 (behavioural design of service calls: bad news
 * first and short, give choices, end on a good note, keep the donor's habits) and the domain (规范用语, identity before
 * personal data, a commitment to when and where, eligibility intervals and the reimbursement rule stated right).
 * Weights total 100. Two critical items (致命项): personal data before identity, and hanging up on the donor.
 */
import type { QaFormDefinition } from './qa.types.js';

export const DONOR_HOTLINE_FORM_CODE = 'donor-hotline';
export const DONOR_HOTLINE_FORM_NAME = '献血热线通话质检表 / Donor hotline call evaluation';

export const DONOR_HOTLINE_FORM: QaFormDefinition = {
  sections: [
    {
      key: 'opening',
      title: '开场与身份 / Opening and identity',
      questions: [
        { key: 'standard-opening', type: 'yes-no', weight: 8, text: '使用规范开场用语（问候、报工号） / Standard opening (greeting, agent number)', guidance: '“您好，献血服务热线，X号为您服务”' },
        { key: 'identity-verified', type: 'yes-no', weight: 12, critical: true, allowNa: true, text: '核实身份后才谈及个人信息 / Identity verified before any personal data', guidance: '姓名＋证件后四位或已验证来电；未涉及个人信息时选“不适用”' },
      ],
    },
    {
      key: 'handling',
      title: '业务处理 / Handling',
      questions: [
        { key: 'bad-news-first', type: 'yes-no', weight: 10, allowNa: true, text: '坏消息先说、简短说清（如暂缓献血、无号） / Bad news first and short (deferral, no slots)' },
        { key: 'choices-offered', type: 'yes-no', weight: 10, allowNa: true, text: '提供两到三个选择（时段、地点） / Two or three choices offered (times, sites)' },
        { key: 'commitment-asked', type: 'yes-no', weight: 12, allowNa: true, text: '请献血者明确何时何地来献血 / A commitment asked: when and where', guidance: '约定后献血回访率约高 11 个百分点' },
        { key: 'eligibility-correct', type: 'yes-no', weight: 12, allowNa: true, text: '献血间隔解释正确 / Eligibility intervals explained correctly', guidance: '全血→全血 6 个月；血小板→血小板 2 周；血小板→全血 4 周；全血→血小板 3 个月（GB 18467-2011）' },
        { key: 'reimbursement-correct', type: 'yes-no', weight: 12, allowNa: true, text: '用血报销规定说明正确 / Reimbursement rule stated correctly', guidance: '按本省政策表：倍数、年限、家属范围、申报期限' },
        { key: 'courtesy', type: 'scale', weight: 8, text: '语气耐心、礼貌、表达清楚（1–5） / Tone: patient, courteous, clear (1–5)' },
      ],
    },
    {
      key: 'closing',
      title: '结束 / Closing',
      questions: [
        { key: 'good-ending', type: 'yes-no', weight: 8, text: '以积极的话结束（感谢、鼓励） / Ended on a good note (thanks, encouragement)' },
        { key: 'standard-closing', type: 'yes-no', weight: 4, text: '使用规范结束用语 / Standard closing phrase', guidance: '“感谢您的来电，祝您生活愉快，再见”' },
        { key: 'did-not-hang-up-first', type: 'yes-no', weight: 4, critical: true, text: '待献血者先挂机 / Did not hang up before the donor' },
      ],
    },
  ],
};
