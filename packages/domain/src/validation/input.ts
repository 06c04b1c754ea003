/**
 * Input rules a person hits at the desk, shared by the desk's forms and the server (which refuses the same input with
 * HTTP 400 and the same words): full-width characters typed with a Chinese IME are made half-width, a birth date
 * cannot be in the future, a callback cannot be due in the past, texts have limits the form shows as a counter.
 * Pure and browser-safe.
 */
import { ageOn, isLocalDate, type LocalDate } from '../time/local-date.js';

/** Full-width ASCII forms (０-９, Ａ-Ｚ, ＋, －, （ …) and the ideographic space → their half-width characters. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A number typed into a number field (phone, extension, ID digits): half-width, without spaces. */
export function normalizeNumberInput(s: string): string {
  return toHalfWidth(s).replace(/\s+/g, '');
}

/** Limits of the texts people type, as the server enforces them (the desk shows a counter against these). */
export const TEXT_LIMITS = {
  name: 50,
  notes: 4000,
  subject: 200,
  cancelReason: 255,
  unmaskReason: 200,
} as const;

export const OLDEST_AGE = 120;

export type InputProblemCode = 'REQUIRED' | 'TOO_LONG' | 'BAD_DATE' | 'BIRTH_DATE_IN_FUTURE' | 'BIRTH_DATE_TOO_OLD' | 'DUE_IN_PAST' | 'BAD_NUMBER';

export interface InputProblem {
  code: InputProblemCode;
  message: { zh: string; en: string };
}

const problem = (code: InputProblemCode, zh: string, en: string): InputProblem => ({ code, message: { zh, en } });

/** A birth date: a real date, not after today, not more than 120 years ago. */
export function checkBirthDate(d: string, today: LocalDate): InputProblem | null {
  if (!isLocalDate(d)) return problem('BAD_DATE', '出生日期应为有效日期（YYYY-MM-DD）', 'the birth date must be a real date (YYYY-MM-DD)');
  if (d > today) return problem('BIRTH_DATE_IN_FUTURE', '出生日期不能晚于今天', 'the birth date cannot be in the future');
  if (ageOn(d, today) > OLDEST_AGE) return problem('BIRTH_DATE_TOO_OLD', `出生日期不能早于 ${OLDEST_AGE} 年前`, `the birth date cannot be more than ${OLDEST_AGE} years ago`);
  return null;
}

/** How far in the past a due time may be (the form was filled a moment ago). */
export const DUE_SLACK_MS = 5 * 60_000;

/** When a callback or ticket is due: an instant, not in the past. */
export function checkDueAt(iso: string, now: Date): InputProblem | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return problem('BAD_DATE', '期限应为有效的日期时间', 'the due time must be a real date and time');
  if (t < now.getTime() - DUE_SLACK_MS) return problem('DUE_IN_PAST', '期限不能早于现在', 'the due time cannot be in the past');
  return null;
}

/** A required text within its limit (counted in characters, as people count them). */
export function checkText(v: string | null | undefined, max: number, label: { zh: string; en: string }, required = true): InputProblem | null {
  const s = (v ?? '').trim();
  if (!s) return required ? problem('REQUIRED', `请填写${label.zh}`, `${label.en} is required`) : null;
  const n = [...s].length;
  if (n > max) return problem('TOO_LONG', `${label.zh}最多 ${max} 字（现为 ${n} 字）`, `${label.en}: at most ${max} characters (${n} given)`);
  return null;
}

/** "中文 / English" in one line, as the server's error messages are written. */
export function bilingual(p: InputProblem): string {
  return `${p.message.zh} / ${p.message.en}`;
}
