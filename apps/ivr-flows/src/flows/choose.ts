/**
 * Offering choices the way seed 002 asks: two or three at a time (real choices, not a wall of options),
 * "9" for more, "*" to go back.
 */
import type { FlowContext, Utterance } from '../runtime/flow-context.js';

export const PAGE_SIZE = 3;

export async function chooseFrom<T>(
  ctx: FlowContext,
  intro: Utterance[],
  items: readonly T[],
  describe: (item: T) => Utterance[],
): Promise<T | 'back' | null> {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  let page = 0;
  for (;;) {
    const slice = items.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE);
    const prompt: Utterance[] = [...intro];
    slice.forEach((item, i) => prompt.push(...describe(item), 'press', { number: i + 1 }, 'choice-sep'));
    const keys = slice.map((_, i) => String(i + 1));
    if (pages > 1) {
      prompt.push('more-choices');
      keys.push('9');
    }
    prompt.push('back-star');
    keys.push('*');
    const k = await ctx.menu(prompt, keys);
    if (k === null) return null;
    if (k === '*') return 'back';
    if (k === '9') {
      page = (page + 1) % pages;
      continue;
    }
    return slice[Number(k) - 1]!;
  }
}
