/**
 * The desk's pick lists as data (administration → lists): pause reasons (小休原因, the seat's pause menu) and
 * dispositions (来电类型, the wrap-up form). The built-in codes below are seeded by the migration and are what the
 * system relies on (a fresh seat starts `not-ready`, a disposition maps to a contact category, scripts exist per
 * disposition): they may be renamed, reordered and disabled, never deleted. Administrators add their own codes;
 * call records keep whatever code they were saved with. Pure and browser-safe.
 */
import { PAUSE_REASONS } from '../agents/agent.types.js';
import { DISPOSITIONS } from '../calls/call.types.js';

export const DESK_LISTS = ['pause-reason', 'disposition'] as const;
export type DeskListName = (typeof DESK_LISTS)[number];

export function isDeskList(v: string): v is DeskListName {
  return (DESK_LISTS as readonly string[]).includes(v);
}

export interface DeskListItemDto {
  list: DeskListName;
  code: string;
  labelZh: string;
  labelEn: string;
  sortOrder: number;
  active: boolean;
  builtin: boolean;
  updatedAt: string;
}

export interface DeskListItemCreate {
  code: string;
  labelZh: string;
  labelEn: string;
}

export interface DeskListItemUpdate {
  labelZh?: string;
  labelEn?: string;
  active?: boolean;
}

/** The active items of both lists, in order, as the desk reads them; `disabled`: the rest, for old records' labels. */
export interface DeskListsDto {
  pauseReasons: DeskListItemDto[];
  dispositions: DeskListItemDto[];
  disabled: DeskListItemDto[];
}

/** Lowercase, kebab-case, 2–20 characters (the call record's disposition column holds 20). */
export const LIST_CODE_PATTERN = '^[a-z][a-z0-9-]{1,19}$';
export const LIST_LABEL_MAX = 40;

/** Codes the system uses for its own pauses and states: never a pause reason an admin can add. */
export const RESERVED_PAUSE_CODES: readonly string[] = ['wrap-up', 'rejected', 'pbx-down', 'ready', 'paused', 'logged-out'];

interface Label {
  zh: string;
  en: string;
}

export const BUILTIN_LIST_ITEMS: Readonly<Record<DeskListName, ReadonlyArray<{ code: string } & Label>>> = {
  'pause-reason': [
    { code: 'not-ready', zh: '未就绪', en: 'Not ready' },
    { code: 'break', zh: '休息', en: 'Break' },
    { code: 'meal', zh: '用餐', en: 'Meal' },
    { code: 'meeting', zh: '会议', en: 'Meeting' },
    { code: 'training', zh: '培训', en: 'Training' },
    { code: 'callback', zh: '回访外呼', en: 'Callbacks' },
    { code: 'admin-work', zh: '事务处理', en: 'Admin work' },
    { code: 'other', zh: '其他', en: 'Other' },
  ],
  disposition: [
    { code: 'consultation', zh: '咨询', en: 'Consultation' },
    { code: 'booking', zh: '预约', en: 'Booking' },
    { code: 'reschedule', zh: '改约/取消', en: 'Reschedule / cancel' },
    { code: 'eligibility', zh: '资格/间隔', en: 'Eligibility' },
    { code: 'reimbursement', zh: '用血报销', en: 'Reimbursement' },
    { code: 'complaint', zh: '投诉', en: 'Complaint' },
    { code: 'suggestion', zh: '意见建议', en: 'Suggestion' },
    { code: 'recall', zh: '流失召回', en: 'Recall' },
    { code: 'care', zh: '关怀', en: 'Care' },
    { code: 'survey-callback', zh: '满意度回访', en: 'Survey callback' },
    { code: 'recruitment', zh: '招募', en: 'Recruitment' },
    { code: 'wrong-number', zh: '打错电话', en: 'Wrong number' },
    { code: 'other', zh: '其他', en: 'Other' },
  ],
};

export function isBuiltinListCode(list: DeskListName, code: string): boolean {
  return list === 'pause-reason' ? (PAUSE_REASONS as readonly string[]).includes(code) : (DISPOSITIONS as readonly string[]).includes(code);
}

export interface ListIssue {
  field: 'code' | 'labelZh' | 'labelEn' | 'codes';
  zh: string;
  en: string;
}

function labelIssue(field: 'labelZh' | 'labelEn', v: unknown, name: Label): ListIssue | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return { field, zh: `请填写${name.zh}`, en: `the ${name.en} is required` };
  if (s.length > LIST_LABEL_MAX) return { field, zh: `${name.zh}最多${LIST_LABEL_MAX}个字符`, en: `the ${name.en} has at most ${LIST_LABEL_MAX} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) return { field, zh: `${name.zh}含有控制字符`, en: `the ${name.en} contains control characters` };
  return null;
}

const ZH = { zh: '中文名称', en: 'Chinese label' };
const EN = { zh: '英文名称', en: 'English label' };

/** Problems of a new item (empty = fine). `existing`: the codes already in the list. */
export function checkNewListItem(list: DeskListName, input: Partial<DeskListItemCreate>, existing: readonly string[]): ListIssue[] {
  const out: ListIssue[] = [];
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (!new RegExp(LIST_CODE_PATTERN).test(code)) {
    out.push({ field: 'code', zh: '代码应为2–20个小写字母、数字或 -，以字母开头', en: 'the code is 2–20 lower-case letters, digits or -, starting with a letter' });
  } else if (existing.includes(code)) {
    out.push({ field: 'code', zh: `代码 ${code} 已存在`, en: `the code ${code} already exists` });
  } else if (list === 'pause-reason' && RESERVED_PAUSE_CODES.includes(code)) {
    out.push({ field: 'code', zh: `代码 ${code} 由系统保留`, en: `the code ${code} is reserved by the system` });
  }
  for (const i of [labelIssue('labelZh', input.labelZh, ZH), labelIssue('labelEn', input.labelEn, EN)]) if (i) out.push(i);
  return out;
}

/** Problems of a change to an item. */
export function checkListItemUpdate(u: DeskListItemUpdate): ListIssue[] {
  const out: ListIssue[] = [];
  if (u.labelZh !== undefined) {
    const i = labelIssue('labelZh', u.labelZh, ZH);
    if (i) out.push(i);
  }
  if (u.labelEn !== undefined) {
    const i = labelIssue('labelEn', u.labelEn, EN);
    if (i) out.push(i);
  }
  return out;
}

/** A new order must name every code of the list exactly once. */
export function checkListOrder(codes: readonly string[], existing: readonly string[]): ListIssue[] {
  const same = codes.length === existing.length && new Set(codes).size === codes.length && codes.every((c) => existing.includes(c));
  return same ? [] : [{ field: 'codes', zh: '排序须包含该列表的每个代码各一次', en: 'the order must name every code of the list exactly once' }];
}

/** The label of a code in a language, or the code itself when the list does not (or no longer) know it. */
export function listLabel(items: readonly DeskListItemDto[], code: string, lang: 'zh' | 'en'): string {
  const i = items.find((x) => x.code === code);
  return i ? (lang === 'en' ? i.labelEn : i.labelZh) : code;
}
