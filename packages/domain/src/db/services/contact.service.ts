import type { DataSource } from 'typeorm';
import type { ContactBrief, ContactCreate, Page } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS } from '../../tickets/ticket.types.js';
import { exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { agentRef, clampPage, type ActorId } from './mappers.js';
import type { ContactCategory, ContactChannel } from '../../tickets/ticket.types.js';

/** Contact history: every conversation with a donor (calls' wrap-ups and contacts entered by hand). */
export class ContactService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(c: ContactCreate, actorId: ActorId): Promise<ContactBrief> {
    if (!CONTACT_CHANNELS.includes(c.channel)) throw new DomainError('VALIDATION_FAILED', `invalid channel ${String(c.channel)}`);
    if (!CONTACT_CATEGORIES.includes(c.category)) throw new DomainError('VALIDATION_FAILED', `invalid category ${String(c.category)}`);
    if (!c.notes?.trim()) throw new DomainError('VALIDATION_FAILED', '请填写联系内容 / notes are required');
    assertFreeText(c.notes, TEXT_FIELDS.contactNotes);
    assertFreeText(c.outcome, TEXT_FIELDS.contactOutcome);
    const id = await withTx(this.ds, async (m) => {
      const [d] = await rows(m, 'SELECT id FROM donor WHERE id = ?', [c.donorId]);
      if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${c.donorId} not found`);
      const r = await exec(m, 'INSERT INTO contact_record (donor_id, call_id, channel, category, notes, outcome, agent_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        c.donorId, c.callId ?? null, c.channel, c.category, c.notes.trim(), c.outcome ?? null, actorId, sqlTime(this.clock()),
      ]);
      return r.insertId;
    });
    return (await this.byIds([id]))[0]!;
  }

  async list(donorId: number, page?: number, pageSize?: number): Promise<Page<ContactBrief>> {
    const pg = clampPage(page, pageSize);
    const [{ n }] = (await rows<{ n: number }>(this.ds, 'SELECT COUNT(*) AS n FROM contact_record WHERE donor_id = ?', [donorId])) as [{ n: number }];
    const ids = (await rows(this.ds, 'SELECT id FROM contact_record WHERE donor_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?', [donorId, pg.pageSize, pg.offset])).map((r) => Number(r.id));
    return { items: await this.byIds(ids), total: Number(n), page: pg.page, pageSize: pg.pageSize };
  }

  private async byIds(ids: number[]): Promise<ContactBrief[]> {
    if (!ids.length) return [];
    const list = await rows(this.ds, `SELECT c.id, c.at, c.channel, c.category, c.notes, c.outcome, c.agent_id, u.display_name, u.extension
      FROM contact_record c LEFT JOIN app_user u ON u.id = c.agent_id WHERE c.id IN (${ids.map(() => '?').join(', ')}) ORDER BY c.at DESC, c.id DESC`, ids);
    return list.map((c) => ({
      id: Number(c.id), at: iso(c.at)!, channel: c.channel as ContactChannel, category: c.category as ContactCategory, summary: String(c.notes),
      outcome: (c.outcome as string | null) ?? null, agent: agentRef(c.agent_id, c.display_name, c.extension),
    }));
  }
}
