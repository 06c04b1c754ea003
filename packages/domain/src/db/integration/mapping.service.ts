/** Saved column mappings, one per source (a BECS export layout); the default mapping needs no row. */
import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import { DONATION_TYPES } from '../../donations/donation.types.js';
import { DEFAULT_HEADERS, DEFAULT_SOURCE } from '../../integration/column-mapping.js';
import { BECS_ENTITIES, BECS_FIELDS, type ImportMapping } from '../../integration/integration.types.js';
import { exclusive, exec, iso, rows, sqlTime } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';

export const SOURCE_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export class MappingService {
  constructor(private readonly ds: DataSource, private readonly clock: () => Date = () => new Date()) {}

  /** The saved mapping of a source, or an empty one (defaults only). */
  async get(source: string): Promise<ImportMapping & { updatedAt: string | null }> {
    const [r] = await rows(this.ds, 'SELECT body, updated_at FROM import_mapping WHERE source = ?', [source]);
    if (!r) return { source, fields: {}, updatedAt: null };
    return { ...(JSON.parse(String(r.body)) as ImportMapping), source, updatedAt: iso(r.updated_at) };
  }

  async list(): Promise<(ImportMapping & { updatedAt: string | null })[]> {
    const out = (await rows(this.ds, 'SELECT source, body, updated_at FROM import_mapping ORDER BY source')).map((r) => ({
      ...(JSON.parse(String(r.body)) as ImportMapping), source: String(r.source), updatedAt: iso(r.updated_at),
    }));
    if (!out.some((m) => m.source === DEFAULT_SOURCE)) out.unshift({ source: DEFAULT_SOURCE, description: 'SHINOW 血站信息系统（默认表头）', fields: {}, updatedAt: null });
    return out;
  }

  /** The built-in headers per field (what the desk shows as the default). */
  defaults(): typeof DEFAULT_HEADERS {
    return DEFAULT_HEADERS;
  }

  async save(m: ImportMapping, actorId: ActorId): Promise<ImportMapping & { updatedAt: string | null }> {
    const clean = validateMapping(m);
    const now = sqlTime(this.clock());
    await exclusive(this.ds, async () => {
      const [had] = await rows(this.ds, 'SELECT id, body FROM import_mapping WHERE source = ?', [clean.source]);
      if (had) await exec(this.ds, 'UPDATE import_mapping SET body = ?, updated_by_id = ?, updated_at = ? WHERE id = ?', [JSON.stringify(clean), actorId, now, had.id]);
      else await exec(this.ds, 'INSERT INTO import_mapping (source, body, updated_by_id, updated_at) VALUES (?, ?, ?, ?)', [clean.source, JSON.stringify(clean), actorId, now]);
      await writeAudit(this.ds, { actorId, action: 'integration.mapping.save', subjectType: 'import_mapping', subjectId: clean.source, detail: { old: had ? JSON.parse(String(had.body)) : null, new: clean } });
    });
    return this.get(clean.source);
  }
}

export function validateMapping(m: ImportMapping): ImportMapping {
  const bad = (zh: string, en: string): DomainError => new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);
  if (!m || typeof m !== 'object') throw bad('映射格式不正确', 'invalid mapping');
  if (!SOURCE_RE.test(m.source ?? '')) throw bad('来源名只能用小写字母、数字、- 和 _（最多32个）', 'source: lower-case letters, digits, - and _ (≤ 32)');
  const fields: ImportMapping['fields'] = {};
  for (const [entity, map] of Object.entries(m.fields ?? {})) {
    if (!(BECS_ENTITIES as readonly string[]).includes(entity)) throw bad(`未知的记录类型 ${entity}`, `unknown record kind ${entity}`);
    const allowed = BECS_FIELDS[entity as keyof typeof BECS_FIELDS] as readonly string[];
    const out: Record<string, string[]> = {};
    for (const [field, headers] of Object.entries(map ?? {})) {
      if (!allowed.includes(field)) throw bad(`未知的字段 ${entity}.${field}`, `unknown field ${entity}.${field}`);
      if (!Array.isArray(headers) || headers.length > 10 || headers.some((h) => typeof h !== 'string' || !h.trim() || h.length > 64)) {
        throw bad(`字段 ${field} 的表头应为 1–10 个非空文字`, `headers of ${field}: 1–10 non-empty strings of ≤ 64 characters`);
      }
      if (headers.length) out[field] = headers.map((h) => h.trim());
    }
    fields[entity as keyof typeof fields] = out;
  }
  const products: Record<string, (typeof DONATION_TYPES)[number]> = {};
  for (const [name, type] of Object.entries(m.products ?? {})) {
    if (!name.trim() || name.length > 64 || !(DONATION_TYPES as readonly string[]).includes(type)) throw bad(`品种代码 ${name} 映射无效`, `invalid product mapping ${name} → ${String(type)}`);
    products[name.trim()] = type;
  }
  return { source: m.source, ...(m.description ? { description: String(m.description).slice(0, 200) } : {}), fields, products };
}
