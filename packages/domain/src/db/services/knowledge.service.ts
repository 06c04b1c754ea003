import type { DataSource } from 'typeorm';
import type { KnowledgeArticleDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import { exclusive, exec, iso, likeContains, parseJson, rows, sqlTime, Where } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

const CATEGORIES: KnowledgeArticleDto['category'][] = ['eligibility', 'sites', 'reimbursement', 'faq', 'policy'];
type ArticleInput = Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>;

function article(r: Record<string, unknown>): KnowledgeArticleDto {
  return { id: Number(r.id), category: r.category as KnowledgeArticleDto['category'], title: String(r.title), body: String(r.body), tags: parseJson<string[]>(r.tags, []), updatedAt: iso(r.updated_at)! };
}

/** The agents' knowledge base (eligibility rules, sites, reimbursement policy, FAQ), edited by admins. */
export class KnowledgeService {
  constructor(private readonly ds: DataSource) {}

  async search(q?: string, category?: string): Promise<KnowledgeArticleDto[]> {
    const w = new Where();
    if (category) w.add('category = ?', category);
    if (q?.trim()) {
      const l = likeContains(q.trim());
      w.add("(title LIKE ? ESCAPE '!' OR body LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!')", l, l, l);
    }
    return (await rows(this.ds, `SELECT * FROM knowledge_article ${w.sql} ORDER BY category, id LIMIT 200`, w.params)).map(article);
  }

  async get(id: number): Promise<KnowledgeArticleDto> {
    const [r] = await rows(this.ds, 'SELECT * FROM knowledge_article WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `article ${id} not found`);
    return article(r);
  }

  private check(a: Partial<ArticleInput>, full: boolean): void {
    if ((full || a.category !== undefined) && !CATEGORIES.includes(a.category!)) throw new DomainError('VALIDATION_FAILED', `invalid category ${String(a.category)}`);
    if ((full || a.title !== undefined) && (!a.title?.trim() || a.title.length > 200)) throw new DomainError('VALIDATION_FAILED', 'title is required (≤ 200)');
    if ((full || a.body !== undefined) && !a.body?.trim()) throw new DomainError('VALIDATION_FAILED', 'body is required');
    if (a.tags !== undefined && (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== 'string'))) throw new DomainError('VALIDATION_FAILED', 'tags must be strings');
    assertFreeText(a.title, TEXT_FIELDS.articleTitle);
    assertFreeText(a.body, TEXT_FIELDS.articleBody);
    for (const t of a.tags ?? []) assertFreeText(t, TEXT_FIELDS.tag);
  }

  async create(a: ArticleInput, actorId: ActorId): Promise<KnowledgeArticleDto> {
    this.check(a, true);
    const id = await exclusive(this.ds, async () => {
      const now = sqlTime(new Date());
      const r = await exec(this.ds, 'INSERT INTO knowledge_article (category, title, body, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [a.category, a.title.trim(), a.body, JSON.stringify(a.tags ?? []), now, now]);
      await writeAudit(this.ds, { actorId, action: 'knowledge.create', subjectType: 'knowledge', subjectId: r.insertId });
      return r.insertId;
    });
    return this.get(id);
  }

  async update(id: number, a: Partial<ArticleInput>, actorId: ActorId): Promise<KnowledgeArticleDto> {
    this.check(a, false);
    await exclusive(this.ds, async () => {
      const sets = ['updated_at = ?'];
      const p: unknown[] = [sqlTime(new Date())];
      if (a.category !== undefined) {
        sets.push('category = ?');
        p.push(a.category);
      }
      if (a.title !== undefined) {
        sets.push('title = ?');
        p.push(a.title.trim());
      }
      if (a.body !== undefined) {
        sets.push('body = ?');
        p.push(a.body);
      }
      if (a.tags !== undefined) {
        sets.push('tags = ?');
        p.push(JSON.stringify(a.tags));
      }
      const r = await exec(this.ds, `UPDATE knowledge_article SET ${sets.join(', ')} WHERE id = ?`, [...p, id]);
      if (r.affected !== 1) throw new DomainError('NOT_FOUND', `article ${id} not found`);
      await writeAudit(this.ds, { actorId, action: 'knowledge.update', subjectType: 'knowledge', subjectId: id });
    });
    return this.get(id);
  }
}
