/** Sites: address, hours and transport per site (data-driven sounds rendered from the site table), what to bring and how to prepare. */
import type { FlowContext } from '../runtime/flow-context.js';
import { chooseFrom } from './choose.js';
import type { FlowDeps, Next } from './flow-deps.js';
import { siteName } from './appointments.flow.js';

export async function sitesFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('sites');
  ctx.findings.topic ??= 'consultation';
  const sites = await deps.backend.sites();
  if (sites.length === 0) {
    await ctx.say('no-sites');
    return 'menu';
  }
  for (;;) {
    const site = await chooseFrom(ctx, ['sites-intro'], sites, (s) => [siteName(s)]);
    if (site === null) return 'end';
    if (site === 'back') return 'menu';
    ctx.step(`site:${site.code}`);
    let replay = true;
    for (;;) {
      if (replay) await ctx.sayInterruptible({ sound: `sites/${site.code}-details` });
      const k = await ctx.menu(['sites-details-menu'], ['1', '2', '3', '*']);
      if (k === '1') {
        replay = true;
        continue;
      }
      if (k === '2') {
        await ctx.sayInterruptible('what-to-bring', 'how-to-prepare');
        replay = false;
        continue;
      }
      if (k === '3') break;
      return k === '*' ? 'menu' : 'end';
    }
  }
}
