/**
 * API keys of machine clients (a nightly BECS job, a BECS trigger): created by an admin with scopes (which ingest
 * endpoints), shown ONCE, stored as SHA-256 of the key (256 random bits — a slow password hash adds nothing),
 * revocable, with the time of last use. Key format: dlk_<prefix>.<secret> (prefix: 12 hex, finds the row).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import { API_KEY_SCOPES, type ApiKeyDto, type ApiKeyScope } from '../../integration/integration.types.js';
import { exclusive, exec, iso, parseJson, rows, sqlTime } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';

const KEY_RE = /^dlk_([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

export interface VerifiedKey {
  id: number;
  name: string;
  scopes: ApiKeyScope[];
}

export class ApiKeyService {
  /** Last-used writes at most once a minute per key. */
  private readonly touched = new Map<number, number>();

  constructor(private readonly ds: DataSource, private readonly clock: () => Date = () => new Date()) {}

  async create(input: { name: string; scopes: readonly string[] }, actorId: ActorId): Promise<{ key: string; apiKey: ApiKeyDto }> {
    const name = (input.name ?? '').trim();
    if (!name || name.length > 100) throw new DomainError('VALIDATION_FAILED', '请填写密钥名称（最多100字）/ give the key a name (≤ 100 characters)');
    const scopes = [...new Set(input.scopes ?? [])];
    if (!scopes.length || scopes.some((s) => !(API_KEY_SCOPES as readonly string[]).includes(s))) {
      throw new DomainError('VALIDATION_FAILED', `权限范围应为 ${API_KEY_SCOPES.join('/')} 中的一个或多个 / scopes: one or more of ${API_KEY_SCOPES.join(', ')}`);
    }
    const prefix = randomBytes(6).toString('hex');
    const key = `dlk_${prefix}.${randomBytes(32).toString('base64url')}`;
    const now = sqlTime(this.clock());
    const id = await exclusive(this.ds, async () => {
      const r = await exec(this.ds, 'INSERT INTO api_key (name, prefix, key_hash, scopes, created_by_id, created_at, last_used_at, revoked_at, revoked_by_id) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)', [
        name, prefix, sha256(key).toString('hex'), JSON.stringify(scopes), actorId, now,
      ]);
      await writeAudit(this.ds, { actorId, action: 'integration.api-key.create', subjectType: 'api_key', subjectId: r.insertId, detail: { old: null, new: { name, prefix, scopes } } });
      return r.insertId;
    });
    return { key, apiKey: await this.get(id) };
  }

  async get(id: number): Promise<ApiKeyDto> {
    const [r] = await rows(this.ds, 'SELECT k.*, u.username FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by_id WHERE k.id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `API 密钥不存在 / API key ${id} not found`);
    return dto(r);
  }

  async list(): Promise<ApiKeyDto[]> {
    return (await rows(this.ds, 'SELECT k.*, u.username FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by_id ORDER BY k.revoked_at IS NULL DESC, k.id DESC')).map(dto);
  }

  async revoke(id: number, actorId: ActorId): Promise<ApiKeyDto> {
    const key = await this.get(id);
    if (key.revokedAt) return key;
    await exclusive(this.ds, async () => {
      await exec(this.ds, 'UPDATE api_key SET revoked_at = ?, revoked_by_id = ? WHERE id = ? AND revoked_at IS NULL', [sqlTime(this.clock()), actorId, id]);
      await writeAudit(this.ds, { actorId, action: 'integration.api-key.revoke', subjectType: 'api_key', subjectId: id, detail: { old: { revokedAt: null }, new: { revoked: true }, name: key.name, prefix: key.prefix } });
    });
    return this.get(id);
  }

  /**
   * The key's row when the presented key is valid, not revoked and has the scope; otherwise UNAUTHENTICATED (no
   * such key / revoked — the same answer, so a caller cannot tell them apart) or FORBIDDEN (valid key, wrong scope).
   */
  async verify(presented: string, scope: ApiKeyScope): Promise<VerifiedKey> {
    const m = KEY_RE.exec(presented.trim());
    const denied = new DomainError('UNAUTHENTICATED', 'API 密钥无效或已吊销 / invalid or revoked API key');
    if (!m) throw denied;
    const [r] = await rows(this.ds, 'SELECT id, name, key_hash, scopes, revoked_at FROM api_key WHERE prefix = ?', [m[1]]);
    const want = sha256(presented.trim());
    const have = r ? Buffer.from(String(r.key_hash), 'hex') : sha256('no such key');
    if (!timingSafeEqual(want, have) || !r || r.revoked_at) throw denied;
    const scopes = parseJson<ApiKeyScope[]>(r.scopes, []);
    if (!scopes.includes(scope)) throw new DomainError('FORBIDDEN', `该 API 密钥没有 ${scope} 权限 / this API key lacks the ${scope} scope`);
    const id = Number(r.id);
    const now = this.clock().getTime();
    if ((this.touched.get(id) ?? 0) < now - 60_000) {
      this.touched.set(id, now);
      await exclusive(this.ds, () => exec(this.ds, 'UPDATE api_key SET last_used_at = ? WHERE id = ?', [sqlTime(now), id]));
    }
    return { id, name: String(r.name), scopes };
  }
}

function dto(r: Record<string, unknown>): ApiKeyDto {
  return {
    id: Number(r.id), name: String(r.name), prefix: `dlk_${String(r.prefix)}`, scopes: parseJson<ApiKeyScope[]>(r.scopes, []),
    createdBy: r.created_by_id === null ? null : { id: Number(r.created_by_id), username: String(r.username ?? '') },
    createdAt: iso(r.created_at)!, lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at),
  };
}
