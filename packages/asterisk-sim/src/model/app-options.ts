/**
 * Application options as ast_app_parse_options reads them: one letter each, some with an argument in parentheses
 * (`gU(dl-record^transfer)` → g, U=dl-record^transfer). Letters are case-sensitive (`b` is not `B`).
 */
export function parseAppOptions(options: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < options.length) {
    const c = options[i++]!;
    if (c === ' ' || c === ',') continue;
    if (options[i] === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < options.length && depth > 0; j++) {
        if (options[j] === '(') depth++;
        else if (options[j] === ')') depth--;
      }
      out.set(c, options.slice(i + 1, depth === 0 ? j - 1 : j));
      i = j;
    } else out.set(c, '');
  }
  return out;
}
