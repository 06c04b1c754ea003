/**
 * What a donor's reply means. Replies are short and typed on phones: full-width digits and letters (ＴＤ, ５),
 * spaces, punctuation and a trailing 分 are tolerated. The survey's own words (满意/不满意) count as a verdict;
 * TD/退订 opts the number out of every non-service SMS; anything else is a message a person must read (a task).
 */
export type SmsReplyIntent =
  | { kind: 'opt-out' }
  | { kind: 'score'; score: 1 | 2 | 3 | 4 | 5; satisfied: boolean }
  | { kind: 'verdict'; satisfied: boolean }
  | { kind: 'other' };

/** A score at or below this is unsatisfied: a personal callback within 24 h (seed 001). */
export const SMS_UNSATISFIED_MAX_SCORE = 2;

const OPT_OUT = new Set(['TD', '退订', 'TD退订', '退订TD', '回复TD退订', 'N', 'STOP', 'UNSUBSCRIBE', '取消订阅']);
const UNSATISFIED = new Set(['不满意', '很不满意', '非常不满意', '不太满意', '差', '很差', '差评']);
const SATISFIED = new Set(['满意', '很满意', '非常满意', '好', '很好', '好评']);

export function normalizeReply(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function parseReply(text: string): SmsReplyIntent {
  const t = normalizeReply(text);
  if (OPT_OUT.has(t)) return { kind: 'opt-out' };
  const m = /^([1-5])分?$/.exec(t);
  if (m) {
    const score = Number(m[1]) as 1 | 2 | 3 | 4 | 5;
    return { kind: 'score', score, satisfied: score > SMS_UNSATISFIED_MAX_SCORE };
  }
  if (UNSATISFIED.has(t)) return { kind: 'verdict', satisfied: false };
  if (SATISFIED.has(t)) return { kind: 'verdict', satisfied: true };
  return { kind: 'other' };
}
