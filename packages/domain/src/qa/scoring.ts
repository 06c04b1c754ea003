/**
 * The scoring of one evaluation, and the checks on a form and on a set of answers. Pure: the desk scores live while
 * the evaluator answers, the server scores again on submit (the stored score is always the server's).
 *
 * Points: yes = the weight, no = 0; scale 1–5 = weight × (v − 1) / 4 (1 gives nothing, 5 everything); N/A leaves the
 * question out of the maximum. Score = points / max × 100, one decimal. A "no" on a critical item (致命项, e.g.
 * personal data given before the caller's identity was checked) makes the score 0 whatever else went well.
 */
import { DomainError } from '../errors.js';
import type { QaAnswer, QaAnswers, QaFormDefinition, QaQuestion, QaScore, QaSectionScore } from './qa.types.js';
import { QA_ANSWER_TYPES } from './qa.types.js';

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Points and maximum of one answered question (null: N/A, out of the total). */
export function questionPoints(q: QaQuestion, a: QaAnswer): { points: number; max: number } | null {
  if (a === 'na') return null;
  if (q.type === 'yes-no') return { points: a === 'yes' ? q.weight : 0, max: q.weight };
  return { points: (q.weight * ((a as number) - 1)) / 4, max: q.weight };
}

export function scoreEvaluation(def: QaFormDefinition, answers: QaAnswers): QaScore {
  let points = 0;
  let max = 0;
  const missing: string[] = [];
  const criticalFailed: string[] = [];
  const sections: QaSectionScore[] = def.sections.map((s) => {
    let sp = 0;
    let sm = 0;
    for (const q of s.questions) {
      const a = answers[q.key];
      if (a === undefined) {
        missing.push(q.key);
        continue;
      }
      if (q.critical && a === 'no') criticalFailed.push(q.key);
      const p = questionPoints(q, a);
      if (!p) continue;
      sp += p.points;
      sm += p.max;
    }
    points += sp;
    max += sm;
    return { key: s.key, points: round1(sp), max: sm, score: sm > 0 ? round1((sp / sm) * 100) : null };
  });
  const raw = max > 0 ? round1((points / max) * 100) : null;
  return { score: criticalFailed.length ? 0 : raw, points: round1(points), max, criticalFailed, sections, missing };
}

function fail(message: string, detail: Record<string, unknown> = {}): never {
  throw new DomainError('VALIDATION_FAILED', message, detail);
}

/** A form an administrator saves: keys unique and well-formed, weights positive, critical items yes-no only. */
export function validateFormDefinition(def: QaFormDefinition): QaFormDefinition {
  if (!def || !Array.isArray(def.sections) || def.sections.length === 0) fail('表单至少需要一个部分 / a form needs at least one section');
  const keys = new Set<string>();
  let questions = 0;
  for (const s of def.sections) {
    if (!KEY.test(s.key ?? '')) fail(`部分编号无效 / invalid section key ${String(s.key)}`, { field: 'sections' });
    if (!s.title?.trim()) fail(`部分 ${s.key} 缺少标题 / section ${s.key} needs a title`, { field: 'sections' });
    if (!Array.isArray(s.questions) || !s.questions.length) fail(`部分 ${s.key} 没有题目 / section ${s.key} has no questions`, { field: 'sections' });
    for (const q of s.questions) {
      if (!KEY.test(q.key ?? '')) fail(`题目编号无效 / invalid question key ${String(q.key)}`, { field: 'questions' });
      if (keys.has(q.key)) fail(`题目编号重复 / duplicate question key ${q.key}`, { field: 'questions' });
      keys.add(q.key);
      if (!q.text?.trim()) fail(`题目 ${q.key} 缺少内容 / question ${q.key} needs a text`, { field: 'questions' });
      if (!QA_ANSWER_TYPES.includes(q.type)) fail(`题目 ${q.key} 类型无效 / question ${q.key}: type must be yes-no or scale`, { field: 'questions' });
      if (!(Number.isFinite(q.weight) && q.weight > 0 && q.weight <= 100)) fail(`题目 ${q.key} 权重须在 0–100 之间 / question ${q.key}: weight must be > 0 and ≤ 100`, { field: 'questions' });
      if (q.critical && q.type !== 'yes-no') fail(`致命项只能是"是/否"题 / critical item ${q.key} must be a yes-no question`, { field: 'questions' });
      questions++;
    }
  }
  if (questions > 100) fail('题目不能超过 100 个 / at most 100 questions');
  return def;
}

/** Answers checked against the form: only its questions, each of its type; N/A only where allowed. */
export function validateAnswers(def: QaFormDefinition, answers: Record<string, unknown>, opts: { complete: boolean }): QaAnswers {
  const byKey = new Map(def.sections.flatMap((s) => s.questions.map((q) => [q.key, q] as const)));
  const out: QaAnswers = {};
  for (const [k, v] of Object.entries(answers ?? {})) {
    const q = byKey.get(k);
    if (!q) fail(`表单中没有题目 ${k} / the form has no question ${k}`, { field: k });
    if (v === 'na') {
      if (!q.allowNa) fail(`题目 ${k} 不能选"不适用" / question ${k} cannot be N/A`, { field: k });
    } else if (q.type === 'yes-no' ? v !== 'yes' && v !== 'no' : !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5)) {
      fail(`题目 ${k} 的答案无效 / invalid answer for ${k}`, { field: k });
    }
    out[k] = v as QaAnswer;
  }
  if (opts.complete) {
    const missing = [...byKey.keys()].filter((k) => out[k] === undefined);
    if (missing.length) fail(`还有 ${missing.length} 题未评 / ${missing.length} question(s) not answered`, { missing });
  }
  return out;
}
