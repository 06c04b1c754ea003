import { DomainError } from '../errors.js';

/**
 * Free text that other people read (names, notes, ticket text, knowledge articles) must not carry invisible control
 * characters: a right-to-left override (U+202E) makes "张三‮1234" display reversed, so a note or a name can show
 * something other than what is stored; NUL and other C0/C1 controls truncate or garble text in logs, exports and
 * terminals. They are refused (not silently stripped) at the domain layer, with a message saying which field and why,
 * so nothing half-written reaches the database and the person can fix their input.
 *
 * Refused everywhere: the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), C0 controls
 * (U+0000–U+001F) and DEL/C1 (U+007F–U+009F). Multi-line fields (notes, bodies) allow tab, line feed and carriage
 * return; single-line fields (names, subjects, labels) allow none of them.
 */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

export type FreeTextProblem = 'bidi-control' | 'control-character';

export interface FreeTextField {
  /** Field name as the API spells it (details.field of the error). */
  field: string;
  /** What a person calls it, zh-CN and English. */
  label: { zh: string; en: string };
  /** Notes and bodies keep their line breaks and tabs. */
  multiline?: boolean;
}

/** The first forbidden character of `value`, or null when it is clean. */
export function freeTextProblem(value: string, multiline = false): { problem: FreeTextProblem; index: number; codePoint: string } | null {
  const bidi = BIDI.exec(value);
  const control = (multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(value);
  const hit = bidi && (!control || bidi.index <= control.index) ? { m: bidi, problem: 'bidi-control' as const } : control ? { m: control, problem: 'control-character' as const } : null;
  if (!hit) return null;
  const cp = hit.m[0].codePointAt(0)!;
  return { problem: hit.problem, index: hit.m.index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
}

/**
 * Throws VALIDATION_FAILED (details: field, problem, index, codePoint) when `value` holds a forbidden character.
 * Null/undefined pass (whether a field is required is the caller's rule).
 */
export function assertFreeText(value: string | null | undefined, f: FreeTextField): void {
  if (value === null || value === undefined) return;
  const p = freeTextProblem(value, f.multiline === true);
  if (!p) return;
  const what = p.problem === 'bidi-control'
    ? { zh: '文字方向控制符（如从右到左覆盖）', en: 'a text-direction control (such as a right-to-left override)' }
    : { zh: '不可见的控制字符（如 NUL）', en: 'an invisible control character (such as NUL)' };
  throw new DomainError(
    'VALIDATION_FAILED',
    `${f.label.zh}含有${what.zh}（第${p.index + 1}个字符，${p.codePoint}），请删除后重试 / ${f.label.en} contains ${what.en} at character ${p.index + 1} (${p.codePoint}): remove it and try again`,
    { field: f.field, problem: p.problem, index: p.index, codePoint: p.codePoint },
  );
}

/** The free-text fields of the domain, labelled once. */
export const TEXT_FIELDS = {
  name: { field: 'name', label: { zh: '姓名', en: 'the name' } },
  occupation: { field: 'occupation', label: { zh: '职业', en: 'the occupation' } },
  address: { field: 'address', label: { zh: '地址', en: 'the address' }, multiline: true },
  donorNotes: { field: 'notes', label: { zh: '备注', en: 'the notes' }, multiline: true },
  tag: { field: 'tags', label: { zh: '标签', en: 'a tag' } },
  phoneLabel: { field: 'label', label: { zh: '电话备注', en: 'the phone label' } },
  contactNotes: { field: 'notes', label: { zh: '联系内容', en: 'the contact notes' }, multiline: true },
  contactOutcome: { field: 'outcome', label: { zh: '联系结果', en: 'the outcome' } },
  ticketSubject: { field: 'subject', label: { zh: '工单标题', en: 'the ticket subject' } },
  ticketBody: { field: 'body', label: { zh: '工单内容', en: 'the ticket text' }, multiline: true },
  ticketNote: { field: 'note', label: { zh: '工单备注', en: 'the ticket note' }, multiline: true },
  ticketOutcome: { field: 'outcome', label: { zh: '处理结果', en: 'the outcome' }, multiline: true },
  dispositionNotes: { field: 'notes', label: { zh: '小结备注', en: 'the wrap-up notes' }, multiline: true },
  articleTitle: { field: 'title', label: { zh: '标题', en: 'the title' } },
  articleBody: { field: 'body', label: { zh: '正文', en: 'the text' }, multiline: true },
} as const satisfies Record<string, FreeTextField>;
