/**
 * Scripts of standard phrases (规范用语 / SOP): one script per call type, versioned. An edit never changes a version:
 * it saves a new one, which becomes the active version the desk reads; older versions stay viewable and can be made
 * active again. The shapes here are the API's (contracts/http.ts routes /api/phrases and /api/admin/phrases).
 */
import { DISPOSITIONS } from '../calls/call.types.js';
import { checkPhraseText, type PhraseIssue } from './phrase-text.js';

/** The steps of a call in the order seed 002 recommends: bad news first and quickly, choices, commitment, a good end. */
export const PHRASE_STAGES = ['opening', 'bad-news', 'choices', 'commitment', 'other', 'closing'] as const;
export type PhraseStage = (typeof PHRASE_STAGES)[number];

/**
 * Call types a script can be written for: 'inbound' is the general script of every inbound call, 'outbound' of every
 * call the agent places; the rest are the dispositions (the desk shows the general script plus the call type's).
 */
export const PHRASE_CALL_TYPES = ['inbound', 'outbound', ...DISPOSITIONS] as const;
export type PhraseCallType = (typeof PHRASE_CALL_TYPES)[number];

export function isPhraseCallType(v: unknown): v is PhraseCallType {
  return typeof v === 'string' && (PHRASE_CALL_TYPES as readonly string[]).includes(v);
}

export interface PhraseLine {
  stage: PhraseStage;
  /** Chinese text (required). */
  text: string;
  /** English text (optional; the desk falls back to the Chinese one). */
  textEn: string | null;
}

export interface PhraseScriptVersionDto {
  callType: PhraseCallType;
  version: number;
  active: boolean;
  lines: PhraseLine[];
  note: string | null;
  createdAt: string;
  createdBy: { id: number; username: string } | null;
}

export interface PhraseScriptSummary {
  callType: PhraseCallType;
  /** null: the call type has no script yet. */
  activeVersion: number | null;
  versions: number;
  lines: number;
  updatedAt: string | null;
  updatedBy: { id: number; username: string } | null;
}

export interface PhraseScriptSave {
  lines: PhraseLine[];
  /** What changed and why (shown in the history). */
  note?: string | null;
}

export const PHRASE_SCRIPT_LIMITS = { lines: 40, note: 200 } as const;

export interface ScriptIssue extends Omit<PhraseIssue, 'code'> {
  code: PhraseIssue['code'] | 'UNKNOWN_STAGE';
  /** The line (0-based) and field the issue is about; absent for the script as a whole. */
  line?: number;
  field?: 'text' | 'textEn' | 'stage' | 'note';
}

/** Everything wrong with a script, line by line, in both languages. An empty list: it can be saved. */
export function checkScript(s: PhraseScriptSave): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  if (!Array.isArray(s.lines) || s.lines.length === 0) {
    issues.push({ code: 'EMPTY', message: { zh: '话术脚本至少要有一条话术', en: 'a script needs at least one phrase' } });
    return issues;
  }
  if (s.lines.length > PHRASE_SCRIPT_LIMITS.lines) {
    issues.push({ code: 'TOO_LONG', message: { zh: `一个脚本最多 ${PHRASE_SCRIPT_LIMITS.lines} 条话术`, en: `a script has at most ${PHRASE_SCRIPT_LIMITS.lines} phrases` } });
  }
  s.lines.forEach((l, line) => {
    if (!(PHRASE_STAGES as readonly string[]).includes(l?.stage)) {
      issues.push({ line, field: 'stage', code: 'UNKNOWN_STAGE', message: { zh: `第 ${line + 1} 条：未知的环节 ${String(l?.stage)}`, en: `phrase ${line + 1}: unknown stage ${String(l?.stage)}` } });
    }
    for (const i of checkPhraseText(typeof l?.text === 'string' ? l.text : '')) issues.push({ ...i, line, field: 'text', message: { zh: `第 ${line + 1} 条：${i.message.zh}`, en: `phrase ${line + 1}: ${i.message.en}` } });
    if (l?.textEn !== null && l?.textEn !== undefined) {
      const en = typeof l.textEn === 'string' ? l.textEn : '';
      for (const i of checkPhraseText(en, { required: false })) issues.push({ ...i, line, field: 'textEn', message: { zh: `第 ${line + 1} 条（英文）：${i.message.zh}`, en: `phrase ${line + 1} (English): ${i.message.en}` } });
    }
  });
  if (s.note && [...s.note].length > PHRASE_SCRIPT_LIMITS.note) {
    issues.push({ field: 'note', code: 'TOO_LONG', message: { zh: `修改说明不能超过 ${PHRASE_SCRIPT_LIMITS.note} 个字`, en: `the note has at most ${PHRASE_SCRIPT_LIMITS.note} characters` } });
  }
  return issues;
}

/** The lines of a script as they are stored and compared: trimmed, an empty English text as null. */
export function normalizeLines(lines: readonly PhraseLine[]): PhraseLine[] {
  return lines.map((l) => ({ stage: l.stage, text: l.text.trim(), textEn: l.textEn?.trim() ? l.textEn.trim() : null }));
}

export interface ScriptChange {
  line: number;
  kind: 'added' | 'removed' | 'changed';
  old: PhraseLine | null;
  new: PhraseLine | null;
}

/** Line-by-line differences between two versions (for the audit trail and the history view). */
export function diffScripts(oldLines: readonly PhraseLine[], newLines: readonly PhraseLine[]): ScriptChange[] {
  const out: ScriptChange[] = [];
  const n = Math.max(oldLines.length, newLines.length);
  for (let i = 0; i < n; i++) {
    const a = oldLines[i] ?? null;
    const b = newLines[i] ?? null;
    if (a && !b) out.push({ line: i, kind: 'removed', old: a, new: null });
    else if (!a && b) out.push({ line: i, kind: 'added', old: null, new: b });
    else if (a && b && (a.stage !== b.stage || a.text !== b.text || (a.textEn ?? null) !== (b.textEn ?? null))) out.push({ line: i, kind: 'changed', old: a, new: b });
  }
  return out;
}
