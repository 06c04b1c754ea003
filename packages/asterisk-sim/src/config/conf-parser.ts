/**
 * A small parser for Asterisk's `.conf` syntax: `[section]` headers (templates `(!)` and `(tpl)` are
 * tolerated), `key = value` and `key => value` lines, `;` comments (`\;` is a literal semicolon).
 * It keeps every entry in file order, because dialplan priorities and queue members depend on order.
 */
export interface ConfEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ConfSection {
  readonly name: string;
  readonly entries: ConfEntry[];
}

export function parseConf(text: string): ConfSection[] {
  const sections: ConfSection[] = [];
  let current: ConfSection | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = stripComment(raw).trim();
    if (!line || line.startsWith('#')) return;
    const header = /^\[([^\]]+)\](\(.*\))?$/.exec(line);
    if (header) {
      current = { name: header[1]!.trim(), entries: [] };
      sections.push(current);
      return;
    }
    const m = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!m) throw new Error(`conf line ${idx + 1}: cannot parse "${raw}"`);
    if (!current) throw new Error(`conf line ${idx + 1}: entry outside any [section]`);
    current.entries.push({ key: m[1]!.trim(), value: m[2]!.replace(/\\;/g, ';'), line: idx + 1 });
  });
  return sections;
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ';' && line[i - 1] !== '\\') return line.slice(0, i);
  }
  return line;
}

export function sectionMap(sections: ConfSection[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const s of sections) {
    const m = out.get(s.name) ?? new Map<string, string>();
    for (const e of s.entries) m.set(e.key.toLowerCase(), e.value);
    out.set(s.name, m);
  }
  return out;
}
