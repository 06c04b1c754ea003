/**
 * Dialplan substitution as Asterisk performs it before an application runs: `${VAR}`, `${VAR:offset:len}`,
 * functions such as `${IF(cond?a:b)}`, `${CALLERID(num)}`, `${LEN(x)}`, and `$[ expression ]` arithmetic and
 * comparisons. Enough for the Donorline and lab dialplans; unknown functions substitute to "".
 */
export interface VariableScope {
  get(name: string): string | undefined;
  fn(name: string, arg: string): string | undefined;
}

export function substitute(text: string, scope: VariableScope): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '$' && text[i + 1] === '{') || (c === '$' && text[i + 1] === '[')) {
      const open = text[i + 1]!;
      const close = open === '{' ? '}' : ']';
      const end = findClose(text, i + 2, open, close);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      const inner = substitute(text.slice(i + 2, end), scope);
      out += open === '{' ? resolveVar(inner, scope) : evaluate(inner);
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function findClose(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === '$' && (text[j + 1] === '{' || text[j + 1] === '[')) {
      const sub = findClose(text, j + 2, text[j + 1]!, text[j + 1] === '{' ? '}' : ']');
      if (sub < 0) return -1;
      j = sub;
      continue;
    }
    if (ch === open) depth++;
    else if (ch === close && --depth === 0) return j;
  }
  return -1;
}

function resolveVar(expr: string, scope: VariableScope): string {
  const fn = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(expr);
  if (fn) return scope.fn(fn[1]!.toUpperCase(), fn[2]!) ?? '';
  const sub = /^([^:]+):(-?\d+)(?::(-?\d+))?$/.exec(expr);
  if (sub) {
    const value = scope.get(sub[1]!) ?? '';
    let offset = Number(sub[2]);
    if (offset < 0) offset = Math.max(0, value.length + offset);
    const rest = value.slice(offset);
    if (sub[3] === undefined) return rest;
    const len = Number(sub[3]);
    return len >= 0 ? rest.slice(0, len) : rest.slice(0, Math.max(0, rest.length + len));
  }
  return scope.get(expr) ?? '';
}

/** The built-in functions every channel scope shares; callers add channel-specific ones. */
export function builtinFunction(name: string, arg: string): string | undefined {
  switch (name) {
    case 'IF': {
      const q = arg.indexOf('?');
      const cond = q < 0 ? arg : arg.slice(0, q);
      const branches = q < 0 ? '' : arg.slice(q + 1);
      const colon = branches.indexOf(':');
      const a = colon < 0 ? branches : branches.slice(0, colon);
      const b = colon < 0 ? '' : branches.slice(colon + 1);
      return isTrue(cond) ? a : b;
    }
    case 'LEN':
      return String(arg.length);
    case 'ISNULL':
      return arg === '' ? '1' : '0';
    case 'EXISTS':
      return arg === '' ? '0' : '1';
    default:
      return undefined;
  }
}

export function isTrue(s: string): boolean {
  const t = s.trim();
  return t !== '' && t !== '0';
}

// --- $[ ... ] expressions -------------------------------------------------------------------------------

type Tok = { k: 'str' | 'op' | 'lp' | 'rp'; v: string };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const ops = ['!=', '<=', '>=', '=~', '=', '<', '>', '&', '|', '+', '-', '*', '/', '%', '!', '?', ':'];
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '"') v += src[j++];
      toks.push({ k: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '(') {
      toks.push({ k: 'lp', v: c });
      i++;
      continue;
    }
    if (c === ')') {
      toks.push({ k: 'rp', v: c });
      i++;
      continue;
    }
    const op = ops.find((o) => src.startsWith(o, i));
    if (op && !(op === '-' && /\d/.test(src[i + 1] ?? '') && (toks.length === 0 || toks[toks.length - 1]!.k === 'op'))) {
      toks.push({ k: 'op', v: op });
      i += op.length;
      continue;
    }
    let j = i;
    let v = '';
    while (j < src.length && !/\s/.test(src[j]!) && !'()"'.includes(src[j]!) && !ops.some((o) => src.startsWith(o, j) && !(o === '-' && j === i))) {
      v += src[j++];
    }
    if (!v) {
      v = src[j]!;
      j++;
    }
    toks.push({ k: 'str', v });
    i = j;
  }
  return toks;
}

export function evaluate(src: string): string {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const num = (s: string): number | undefined => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : undefined);

  const primary = (): string => {
    const t = toks[p++];
    if (!t) return '';
    if (t.k === 'lp') {
      const v = ternary();
      if (peek()?.k === 'rp') p++;
      return v;
    }
    if (t.k === 'op' && t.v === '!') return isTrue(primary()) ? '0' : '1';
    if (t.k === 'op' && t.v === '-') return String(-(num(primary()) ?? 0));
    return t.v;
  };
  const mul = (): string => {
    let l = primary();
    while (peek()?.k === 'op' && ['*', '/', '%'].includes(peek()!.v)) {
      const op = toks[p++]!.v;
      const r = primary();
      const a = num(l) ?? 0;
      const b = num(r) ?? 0;
      l = String(op === '*' ? a * b : op === '/' ? (b === 0 ? 0 : Math.trunc(a / b)) : b === 0 ? 0 : a % b);
    }
    return l;
  };
  const add = (): string => {
    let l = mul();
    while (peek()?.k === 'op' && ['+', '-'].includes(peek()!.v)) {
      const op = toks[p++]!.v;
      const r = mul();
      l = String(op === '+' ? (num(l) ?? 0) + (num(r) ?? 0) : (num(l) ?? 0) - (num(r) ?? 0));
    }
    return l;
  };
  const cmp = (): string => {
    let l = add();
    while (peek()?.k === 'op' && ['=', '!=', '<', '>', '<=', '>=', '=~'].includes(peek()!.v)) {
      const op = toks[p++]!.v;
      const r = add();
      const a = num(l);
      const b = num(r);
      const both = a !== undefined && b !== undefined;
      let res: boolean;
      switch (op) {
        case '=':
          res = both ? a === b : l === r;
          break;
        case '!=':
          res = both ? a !== b : l !== r;
          break;
        case '<':
          res = both ? a < b : l < r;
          break;
        case '>':
          res = both ? a > b : l > r;
          break;
        case '<=':
          res = both ? a <= b : l <= r;
          break;
        case '>=':
          res = both ? a >= b : l >= r;
          break;
        default:
          res = new RegExp(r).test(l);
      }
      l = res ? '1' : '0';
    }
    return l;
  };
  const and = (): string => {
    let l = cmp();
    while (peek()?.k === 'op' && peek()!.v === '&') {
      p++;
      const r = cmp();
      l = isTrue(l) && isTrue(r) ? l : '0';
    }
    return l;
  };
  const or = (): string => {
    let l = and();
    while (peek()?.k === 'op' && peek()!.v === '|') {
      p++;
      const r = and();
      l = isTrue(l) ? l : isTrue(r) ? r : '0';
    }
    return l;
  };
  const ternary = (): string => {
    const c = or();
    if (peek()?.k === 'op' && peek()!.v === '?') {
      p++;
      const a = ternary();
      if (peek()?.k === 'op' && peek()!.v === ':') p++;
      const b = ternary();
      return isTrue(c) ? a : b;
    }
    return c;
  };
  return toks.length ? ternary() : '';
}

/** Split application arguments on top-level commas (parentheses and quotes protect commas). */
export function splitArgs(data: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of data) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === sep) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** `App(args)` → ["App", "args"]; a bare name has empty data. */
export function parseAppCall(text: string): [string, string] {
  const t = text.trim();
  const open = t.indexOf('(');
  if (open < 0) return [t, ''];
  const close = t.lastIndexOf(')');
  return [t.slice(0, open).trim(), t.slice(open + 1, close < open ? t.length : close)];
}
