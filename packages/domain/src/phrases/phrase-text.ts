/**
 * Phrase texts: finding the placeholders in a text, checking them against the vocabulary, and filling them with
 * the facts the desk knows. Pure; the desk passes a formatter for dates, times and donation types in the agent's
 * language.
 */
import type { DonationType } from '../donations/donation.types.js';
import type { EligibilityBlocker } from '../eligibility/eligibility.js';
import type { LocalDate } from '../time/local-date.js';
import { AMBIGUOUS_PLACEHOLDERS, placeholderByName, placeholderOf, type PlaceholderDef, type PlaceholderKey } from './placeholders.js';

/** A value for one placeholder. */
export type PhraseFact =
  | { kind: 'text'; value: string; en?: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: LocalDate }
  /** An instant (ISO), shown as a day, a time or both by the placeholder's kind. */
  | { kind: 'instant'; value: string }
  | { kind: 'donation-type'; value: DonationType }
  | { kind: 'reason'; value: EligibilityBlocker };

/**
 * The facts of one call. A key that is missing means "not known yet" (no record open: the phone is still ringing);
 * null means "known to be absent" (the donor has no deferral, nothing booked, never donated).
 */
export type PhraseFacts = { readonly [K in PlaceholderKey]?: PhraseFact | null };

export interface PhraseFormatter {
  date(d: LocalDate): string;
  day(iso: string): string;
  time(iso: string): string;
  dayTime(iso: string): string;
  donationType(t: DonationType): string;
  reason(b: EligibilityBlocker): string;
  number(n: number): string;
}

export type PhraseLang = 'zh' | 'en';

export type PhrasePart =
  | { kind: 'text'; text: string }
  | { kind: 'fact'; placeholder: PlaceholderDef; state: 'filled'; value: string }
  /** Not known yet (ringing, no record open) or absent for this donor: shown as the placeholder's name, never a blank. */
  | { kind: 'fact'; placeholder: PlaceholderDef; state: 'unknown' | 'absent'; value: null };

export interface FilledPhrase {
  parts: PhrasePart[];
  /** The text with the facts filled in and 〔名称〕 where a fact is missing. */
  text: string;
  /** Every placeholder has a value. */
  complete: boolean;
  /** Facts this donor does not have (the phrase does not fit them as it stands). */
  absent: PlaceholderKey[];
  /** Facts not known yet. */
  unknown: PlaceholderKey[];
}

const TOKEN = /\{([^{}\s]{1,24})\}/g;

/** The placeholder names written in a text, in order (valid or not). */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1]!);
}

function show(f: PhraseFact, p: PlaceholderDef, fmt: PhraseFormatter, lang: PhraseLang): string {
  switch (f.kind) {
    case 'text':
      return lang === 'en' && f.en ? f.en : f.value;
    case 'number':
      return fmt.number(f.value);
    case 'date':
      return fmt.date(f.value);
    case 'instant':
      return p.kind === 'time' ? fmt.time(f.value) : p.kind === 'day-time' ? fmt.dayTime(f.value) : fmt.day(f.value);
    case 'donation-type':
      return fmt.donationType(f.value);
    case 'reason':
      return fmt.reason(f.value);
  }
}

/** How a missing fact reads inside a filled text: its name, marked (〔预约日期〕 / [appointmentDate]). */
export function missingLabel(p: PlaceholderDef, lang: PhraseLang): string {
  return lang === 'en' ? `[${p.en}]` : `〔${p.zh}〕`;
}

export function fillPhrase(text: string, facts: PhraseFacts, fmt: PhraseFormatter, lang: PhraseLang = 'zh'): FilledPhrase {
  const parts: PhrasePart[] = [];
  const absent: PlaceholderKey[] = [];
  const unknown: PlaceholderKey[] = [];
  let last = 0;
  const pushText = (s: string): void => {
    if (!s) return;
    const prev = parts.at(-1);
    if (prev?.kind === 'text') prev.text += s;
    else parts.push({ kind: 'text', text: s });
  };
  for (const m of text.matchAll(TOKEN)) {
    const p = placeholderByName(m[1]!);
    pushText(text.slice(last, m.index));
    last = m.index! + m[0].length;
    if (!p) {
      pushText(m[0]); // not in the vocabulary (refused on save): left as written
      continue;
    }
    const f = facts[p.key];
    if (f) parts.push({ kind: 'fact', placeholder: p, state: 'filled', value: show(f, p, fmt, lang) });
    else {
      const state = f === null ? 'absent' : 'unknown';
      (state === 'absent' ? absent : unknown).push(p.key);
      parts.push({ kind: 'fact', placeholder: p, state, value: null });
    }
  }
  pushText(text.slice(last));
  const out = parts.map((x) => (x.kind === 'text' ? x.text : x.state === 'filled' ? x.value : missingLabel(x.placeholder, lang))).join('');
  return { parts, text: out, complete: absent.length === 0 && unknown.length === 0, absent, unknown };
}

export type PhraseIssueCode = 'EMPTY' | 'TOO_LONG' | 'UNKNOWN_PLACEHOLDER' | 'AMBIGUOUS_PLACEHOLDER' | 'UNBALANCED_BRACES';

export interface PhraseIssue {
  code: PhraseIssueCode;
  /** The placeholder name as written (for placeholder issues). */
  name?: string;
  /** Names to use instead (Chinese, English). */
  suggest?: { zh: string; en: string }[];
  message: { zh: string; en: string };
}

export const PHRASE_TEXT_MAX = 500;

/** Problems of one phrase text, each with a message in both languages. An empty list: the text is fine. */
export function checkPhraseText(text: string, opts: { required?: boolean } = {}): PhraseIssue[] {
  const issues: PhraseIssue[] = [];
  const t = text ?? '';
  if (!t.trim()) {
    if (opts.required !== false) issues.push({ code: 'EMPTY', message: { zh: '话术内容不能为空', en: 'the phrase is empty' } });
    return issues;
  }
  if ([...t].length > PHRASE_TEXT_MAX) {
    issues.push({ code: 'TOO_LONG', message: { zh: `话术不能超过 ${PHRASE_TEXT_MAX} 个字（现为 ${[...t].length} 个）`, en: `a phrase has at most ${PHRASE_TEXT_MAX} characters (this one has ${[...t].length})` } });
  }
  const stripped = t.replace(TOKEN, '');
  if (/[{}]/.test(stripped)) {
    issues.push({ code: 'UNBALANCED_BRACES', message: { zh: '花括号不成对：占位符应写成 {名称}，名称中不能有空格', en: 'unbalanced braces: write a placeholder as {name}, without spaces' } });
  }
  const seen = new Set<string>();
  for (const name of placeholderNames(t)) {
    if (seen.has(name) || placeholderByName(name)) continue;
    seen.add(name);
    const alt = AMBIGUOUS_PLACEHOLDERS[name];
    if (alt) {
      const suggest = alt.map((k) => ({ zh: placeholderOf(k).zh, en: k }));
      issues.push({
        code: 'AMBIGUOUS_PLACEHOLDER', name, suggest,
        message: {
          zh: `占位符 {${name}} 含义不明确，请改用：${suggest.map((s) => `{${s.zh}}`).join('、')}`,
          en: `the placeholder {${name}} is ambiguous; use one of ${suggest.map((s) => `{${s.en}}`).join(', ')}`,
        },
      });
    } else {
      issues.push({ code: 'UNKNOWN_PLACEHOLDER', name, message: { zh: `未知的占位符 {${name}}`, en: `unknown placeholder {${name}}` } });
    }
  }
  return issues;
}
