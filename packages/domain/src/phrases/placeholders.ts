/**
 * The placeholder vocabulary of standard phrases (规范用语): one placeholder per fact the desk knows, never one
 * name for two facts. A phrase writes `{上次全血日期}` in its Chinese text and `{lastWholeBloodDate}` in its English
 * text (either name works in either text). Scripts are validated against this list when an administrator saves
 * them, and the desk fills them from the call, the donor's record and the agent.
 */
import type { DonationType } from '../donations/donation.types.js';

/** How a fact is shown: the desk formats dates, times and donation types in the agent's language. */
export type PlaceholderKind = 'text' | 'number' | 'date' | 'day' | 'time' | 'day-time' | 'donation-type' | 'reason';

export type PlaceholderGroup = 'agent' | 'donor' | 'last-donation' | 'next-eligible' | 'deferral' | 'appointment' | 'ticket' | 'survey';

export const PHRASE_PLACEHOLDER_KEYS = [
  'agentNo', 'agentName',
  'name', 'honorific', 'donationCount',
  'lastDonationDate', 'lastDonationType', 'lastWholeBloodDate', 'lastPlateletsDate', 'lastPlasmaDate',
  'nextEligibleDate', 'nextEligibleType', 'notEligibleReason', 'nextWholeBloodDate', 'nextPlateletsDate', 'nextPlasmaDate',
  'deferralReason', 'deferralUntil',
  'appointmentDate', 'appointmentTime', 'appointmentSite',
  'ticketNo', 'ticketDue',
  'surveyScore',
] as const;
export type PlaceholderKey = (typeof PHRASE_PLACEHOLDER_KEYS)[number];

export interface PlaceholderDef {
  key: PlaceholderKey;
  /** The name written in Chinese scripts. */
  zh: string;
  /** The name written in English scripts (the key). */
  en: PlaceholderKey;
  group: PlaceholderGroup;
  kind: PlaceholderKind;
  /** What it is, for the administrator's reference list. */
  about: { zh: string; en: string };
}

const P = (key: PlaceholderKey, zh: string, group: PlaceholderGroup, kind: PlaceholderKind, aboutZh: string, aboutEn: string): PlaceholderDef => ({
  key, zh, en: key, group, kind, about: { zh: aboutZh, en: aboutEn },
});

export const PHRASE_PLACEHOLDERS: readonly PlaceholderDef[] = [
  P('agentNo', '工号', 'agent', 'text', '接听坐席的工号', "the agent's employee number"),
  P('agentName', '坐席姓名', 'agent', 'text', '接听坐席的姓名', "the agent's name"),
  P('name', '姓名', 'donor', 'text', '献血者姓名', "the donor's name"),
  P('honorific', '称呼', 'donor', 'text', '献血者称呼，如“王先生”', 'how to address the donor, e.g. "Mr Wang"'),
  P('donationCount', '献血次数', 'donor', 'number', '累计献血次数', 'donations so far'),
  P('lastDonationDate', '上次献血日期', 'last-donation', 'date', '最近一次献血的日期（任何类型）', 'date of the latest donation (any type)'),
  P('lastDonationType', '上次献血类型', 'last-donation', 'donation-type', '最近一次献血的类型', 'type of the latest donation'),
  P('lastWholeBloodDate', '上次全血日期', 'last-donation', 'date', '最近一次献全血的日期', 'date of the latest whole-blood donation'),
  P('lastPlateletsDate', '上次血小板日期', 'last-donation', 'date', '最近一次单采血小板的日期', 'date of the latest platelet donation'),
  P('lastPlasmaDate', '上次血浆日期', 'last-donation', 'date', '最近一次单采血浆的日期', 'date of the latest plasma donation'),
  P('nextEligibleDate', '最早可献日期', 'next-eligible', 'date', '最早可以再献的日期（最早的那种类型）', 'earliest date the donor may give again (soonest type)'),
  P('nextEligibleType', '最早可献类型', 'next-eligible', 'donation-type', '最早可以献的类型', 'the type the donor may give soonest'),
  P('notEligibleReason', '不可献原因', 'next-eligible', 'reason', '现在还不能献的原因（间隔不足、暂缓…）；现在可献则无', 'why the donor cannot give yet (interval, deferral…); none when eligible now'),
  P('nextWholeBloodDate', '全血可献日期', 'next-eligible', 'date', '可以再献全血的日期', 'date the donor may give whole blood again'),
  P('nextPlateletsDate', '血小板可献日期', 'next-eligible', 'date', '可以再献血小板的日期', 'date the donor may give platelets again'),
  P('nextPlasmaDate', '血浆可献日期', 'next-eligible', 'date', '可以再献血浆的日期', 'date the donor may give plasma again'),
  P('deferralReason', '暂缓原因', 'deferral', 'text', '当前暂缓献血的原因', 'reason of the current deferral'),
  P('deferralUntil', '暂缓截止', 'deferral', 'date', '暂缓献血到哪一天为止', 'the day the current deferral ends'),
  P('appointmentDate', '预约日期', 'appointment', 'day', '本次通话预约的（或已有的）预约日期', 'day of the appointment booked on this call (or the upcoming one)'),
  P('appointmentTime', '预约时间', 'appointment', 'time', '预约的时间', 'time of that appointment'),
  P('appointmentSite', '预约地点', 'appointment', 'text', '预约的献血点', 'site of that appointment'),
  P('ticketNo', '工单号', 'ticket', 'text', '未结工单的编号', 'number of the open ticket'),
  P('ticketDue', '回复期限', 'ticket', 'day-time', '未结工单的答复期限', 'when the open ticket is due'),
  P('surveyScore', '满意度分数', 'survey', 'number', '最近一次满意度评分', 'the latest satisfaction score'),
];

const BY_NAME = new Map<string, PlaceholderDef>();
for (const p of PHRASE_PLACEHOLDERS) {
  BY_NAME.set(p.zh, p);
  BY_NAME.set(p.en, p);
}

/** The placeholder a name in braces stands for (Chinese or English name), or null. */
export function placeholderByName(name: string): PlaceholderDef | null {
  return BY_NAME.get(name) ?? null;
}

export function placeholderOf(key: PlaceholderKey): PlaceholderDef {
  return PHRASE_PLACEHOLDERS.find((p) => p.key === key)!;
}

/**
 * Names older scripts used for more than one fact (or loosely): each is refused with the names to use instead.
 * {日期} once meant the last donation, the next eligible date and the appointment — the bug this vocabulary ends.
 */
export const AMBIGUOUS_PLACEHOLDERS: Readonly<Record<string, readonly PlaceholderKey[]>> = {
  日期: ['lastDonationDate', 'nextEligibleDate', 'appointmentDate', 'deferralUntil'],
  date: ['lastDonationDate', 'nextEligibleDate', 'appointmentDate', 'deferralUntil'],
  时间: ['appointmentTime', 'ticketDue'],
  time: ['appointmentTime', 'ticketDue'],
  类型: ['lastDonationType', 'nextEligibleType'],
  type: ['lastDonationType', 'nextEligibleType'],
  地点: ['appointmentSite'],
  site: ['appointmentSite'],
  次数: ['donationCount'],
  count: ['donationCount'],
  分数: ['surveyScore'],
  score: ['surveyScore'],
  no: ['ticketNo'],
  id: ['agentNo'],
  agent: ['agentNo', 'agentName'],
  appointment: ['appointmentDate'],
};

/** Per-type placeholders, for the facts builder. */
export const LAST_DONATION_BY_TYPE: Readonly<Record<DonationType, PlaceholderKey>> = {
  'whole-blood': 'lastWholeBloodDate',
  platelets: 'lastPlateletsDate',
  plasma: 'lastPlasmaDate',
};
export const NEXT_ELIGIBLE_BY_TYPE: Readonly<Record<DonationType, PlaceholderKey>> = {
  'whole-blood': 'nextWholeBloodDate',
  platelets: 'nextPlateletsDate',
  plasma: 'nextPlasmaDate',
};
