/**
 * Calibration (校准): several evaluators score the same call; the spread of their scores shows whether the form is
 * read the same way by everyone. Population standard deviation (the evaluators are the whole panel, not a sample),
 * the range, and the questions they answered differently.
 */
import type { QaAnswers } from './qa.types.js';

export interface CalibrationSpread {
  count: number;
  mean: number | null;
  stdDev: number | null;
  variance: number | null;
  min: number | null;
  max: number | null;
  range: number | null;
  /** Question keys on which the evaluators' answers differ. */
  disagreements: string[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function calibrationSpread(scored: readonly { score: number | null; answers: QaAnswers }[]): CalibrationSpread {
  const scores = scored.map((s) => s.score).filter((s): s is number => s !== null);
  const keys = new Set(scored.flatMap((s) => Object.keys(s.answers)));
  const disagreements = [...keys].filter((k) => new Set(scored.map((s) => String(s.answers[k] ?? ''))).size > 1).sort();
  if (!scores.length) return { count: 0, mean: null, stdDev: null, variance: null, min: null, max: null, range: null, disagreements };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return { count: scores.length, mean: round2(mean), stdDev: round2(Math.sqrt(variance)), variance: round2(variance), min, max, range: round2(max - min), disagreements };
}
