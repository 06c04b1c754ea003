import { parseConf } from '../config/conf-parser.js';
import { parseAppCall } from './expressions.js';

/** One dialplan step: `exten => 4000,3,Answer()` becomes { priority: 3, app: 'Answer', data: '' }. */
export interface Step {
  readonly priority: number;
  readonly label?: string;
  readonly app: string;
  readonly data: string;
}

export interface Extension {
  readonly name: string;
  readonly matcher?: RegExp;
  readonly specificity: number;
  readonly steps: Step[];
}

export interface Context {
  readonly name: string;
  readonly extensions: Extension[];
  readonly includes: string[];
}

/** The dialplan as data: contexts of extensions of steps, loaded from extensions.conf syntax. */
export class Dialplan {
  readonly contexts = new Map<string, Context>();
  readonly globals = new Map<string, string>();

  static fromConf(text: string): Dialplan {
    const dp = new Dialplan();
    for (const section of parseConf(text)) {
      if (section.name === 'general') continue;
      if (section.name === 'globals') {
        for (const e of section.entries) dp.globals.set(e.key, e.value);
        continue;
      }
      const ctx: Context = dp.contexts.get(section.name) ?? { name: section.name, extensions: [], includes: [] };
      dp.contexts.set(section.name, ctx);
      let last: { ext: Extension; priority: number } | undefined;
      for (const e of section.entries) {
        const key = e.key.toLowerCase();
        if (key === 'include') {
          ctx.includes.push(e.value.trim());
          continue;
        }
        if (key !== 'exten' && key !== 'same') continue;
        let rest = e.value;
        let ext: Extension;
        if (key === 'exten') {
          const comma = rest.indexOf(',');
          const name = rest.slice(0, comma).trim();
          rest = rest.slice(comma + 1);
          ext = dp.extension(ctx, name);
        } else {
          if (!last) throw new Error(`extensions.conf line ${e.line}: 'same' without a preceding 'exten'`);
          ext = last.ext;
        }
        const comma = rest.indexOf(',');
        const prioText = rest.slice(0, comma).trim();
        const appText = rest.slice(comma + 1);
        if (prioText === 'hint') continue;
        const pm = /^(n|\d+)(?:\((\w+)\))?$/.exec(prioText);
        if (!pm) throw new Error(`extensions.conf line ${e.line}: bad priority "${prioText}"`);
        const priority = pm[1] === 'n' ? (last && last.ext === ext ? last.priority + 1 : 1) : Number(pm[1]);
        const [app, data] = parseAppCall(appText);
        const step: Step = pm[2] ? { priority, label: pm[2], app, data } : { priority, app, data };
        ext.steps.push(step);
        ext.steps.sort((a, b) => a.priority - b.priority);
        last = { ext, priority };
      }
    }
    return dp;
  }

  private extension(ctx: Context, name: string): Extension {
    const found = ctx.extensions.find((x) => x.name === name);
    if (found) return found;
    const ext: Extension = name.startsWith('_')
      ? { name, matcher: patternToRegex(name.slice(1)), specificity: specificity(name.slice(1)), steps: [] }
      : { name, specificity: Infinity, steps: [] };
    ctx.extensions.push(ext);
    return ext;
  }

  hasContext(name: string): boolean {
    return this.contexts.has(name);
  }

  /** Find the extension that `exten` dials in `context` (exact match first, then the most specific pattern). */
  find(context: string, exten: string, seen = new Set<string>()): Extension | undefined {
    const ctx = this.contexts.get(context);
    if (!ctx || seen.has(context)) return undefined;
    seen.add(context);
    const exact = ctx.extensions.find((x) => !x.matcher && x.name === exten);
    if (exact) return exact;
    const patterns = ctx.extensions.filter((x) => x.matcher?.test(exten)).sort((a, b) => b.specificity - a.specificity);
    if (patterns[0]) return patterns[0];
    for (const inc of ctx.includes) {
      const e = this.find(inc, exten, seen);
      if (e) return e;
    }
    return undefined;
  }

  step(context: string, exten: string, priority: number): Step | undefined {
    return this.find(context, exten)?.steps.find((s) => s.priority === priority);
  }

  findLabel(context: string, exten: string, label: string): number | undefined {
    return this.find(context, exten)?.steps.find((s) => s.label === label)?.priority;
  }
}

function patternToRegex(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    switch (c.toUpperCase()) {
      case 'X':
        re += '[0-9]';
        break;
      case 'Z':
        re += '[1-9]';
        break;
      case 'N':
        re += '[2-9]';
        break;
      case '.':
        re += '.+';
        break;
      case '!':
        re += '.*';
        break;
      case '[': {
        const end = p.indexOf(']', i);
        re += `[${p.slice(i + 1, end)}]`;
        i = end;
        break;
      }
      default:
        re += c.replace(/[\\^$*+?()|{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** More literal characters and fewer open wildcards sort first, roughly as Asterisk orders patterns. */
function specificity(p: string): number {
  let s = 0;
  for (const c of p) {
    if (c === '.' || c === '!') s -= 100;
    else if (/[XZN]/i.test(c)) s += 1;
    else s += 10;
  }
  return s;
}
