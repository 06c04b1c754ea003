import type { DataSource, EntityManager } from 'typeorm';
import {
  checkListItemUpdate, checkListOrder, checkNewListItem, isBuiltinListCode, isDeskList, type DeskListItemCreate, type DeskListItemDto,
  type DeskListItemUpdate, type DeskListName, type DeskListsDto, type ListIssue,
} from '../../admin/desk-lists.js';
import { DomainError } from '../../errors.js';
import { asBool, b, exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';

type Row = Record<string, unknown>;

function itemDto(r: Row): DeskListItemDto {
  return {
    list: String(r.list) as DeskListName, code: String(r.code), labelZh: String(r.label_zh), labelEn: String(r.label_en), sortOrder: Number(r.sort_order),
    active: asBool(r.active), builtin: asBool(r.builtin), updatedAt: iso(r.updated_at)!,
  };
}

function refuse(issues: ListIssue[]): never {
  throw new DomainError('VALIDATION_FAILED', issues.map((i) => `${i.zh} / ${i.en}`).join('；'), { issues });
}

export function needList(list: string): DeskListName {
  if (!isDeskList(list)) throw new DomainError('VALIDATION_FAILED', `未知的列表 ${list} / unknown list ${list}`, { allowed: ['pause-reason', 'disposition'] });
  return list;
}

const shown = (i: DeskListItemDto) => ({ labelZh: i.labelZh, labelEn: i.labelEn, sortOrder: i.sortOrder, active: i.active });

/**
 * The desk's pick lists (pause reasons, dispositions) as data: admins add, rename, reorder and disable entries;
 * built-in codes cannot be deleted; every change is audited with the values before and after. The desk and the
 * bridge read the active entries (cached briefly; a change clears the cache of this instance).
 */
export class DeskListService {
  private cache: { at: number; items: DeskListItemDto[] } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly cacheMs = 5_000,
  ) {}

  private async all(m: EntityManager | DataSource = this.ds): Promise<DeskListItemDto[]> {
    return (await rows(m, 'SELECT * FROM desk_list_item ORDER BY list, sort_order, id')).map(itemDto);
  }

  private async cached(): Promise<DeskListItemDto[]> {
    if (this.cache && Date.now() - this.cache.at < this.cacheMs) return this.cache.items;
    const items = await this.all();
    this.cache = { at: Date.now(), items };
    return items;
  }

  /** Every entry of a list, disabled ones included (the admin page). */
  async list(list: string): Promise<DeskListItemDto[]> {
    const l = needList(list);
    return (await this.all()).filter((i) => i.list === l);
  }

  /** The active entries of both lists, in order (the desk's pause menu and wrap-up form). */
  async active(): Promise<DeskListsDto> {
    const all = await this.cached();
    const items = all.filter((i) => i.active);
    return { pauseReasons: items.filter((i) => i.list === 'pause-reason'), dispositions: items.filter((i) => i.list === 'disposition'), disabled: all.filter((i) => !i.active) };
  }

  /** May an agent choose this code now? */
  async isActive(list: DeskListName, code: string): Promise<boolean> {
    return (await this.cached()).some((i) => i.list === list && i.code === code && i.active);
  }

  async create(list: string, input: DeskListItemCreate, actorId: ActorId): Promise<DeskListItemDto> {
    const l = needList(list);
    const out = await withTx(this.ds, async (m) => {
      const existing = (await this.all(m)).filter((i) => i.list === l);
      const issues = checkNewListItem(l, input, existing.map((i) => i.code));
      if (issues.length) refuse(issues);
      const order = Math.max(0, ...existing.map((i) => i.sortOrder)) + 10;
      const code = input.code.trim();
      await exec(m, 'INSERT INTO desk_list_item (list, code, label_zh, label_en, sort_order, active, builtin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        l, code, input.labelZh.trim(), input.labelEn.trim(), order, b(true), b(false), sqlTime(new Date()),
      ]);
      const [r] = await rows(m, 'SELECT * FROM desk_list_item WHERE list = ? AND code = ?', [l, code]);
      const item = itemDto(r!);
      await writeAudit(m, { actorId, action: 'list.create', subjectType: l, subjectId: code, detail: { old: null, new: shown(item) } });
      return item;
    });
    this.cache = null;
    return out;
  }

  async update(list: string, code: string, u: DeskListItemUpdate, actorId: ActorId): Promise<DeskListItemDto> {
    const l = needList(list);
    const issues = checkListItemUpdate(u);
    if (issues.length) refuse(issues);
    const out = await withTx(this.ds, async (m) => {
      const [r] = await rows(m, 'SELECT * FROM desk_list_item WHERE list = ? AND code = ?', [l, code]);
      if (!r) throw new DomainError('NOT_FOUND', `列表中没有 ${code} / ${code} is not in the list`);
      const before = itemDto(r);
      const after = {
        ...before,
        labelZh: u.labelZh?.trim() ?? before.labelZh, labelEn: u.labelEn?.trim() ?? before.labelEn, active: u.active ?? before.active,
      };
      if (after.active === before.active && after.labelZh === before.labelZh && after.labelEn === before.labelEn) return before;
      if (!after.active && l === 'disposition' && (await this.activeCount(m, l)) <= 1) {
        throw new DomainError('CONFLICT', '至少保留一个启用的来电类型 / at least one disposition must stay enabled');
      }
      await exec(m, 'UPDATE desk_list_item SET label_zh = ?, label_en = ?, active = ?, updated_at = ? WHERE id = ?', [
        after.labelZh, after.labelEn, b(after.active), sqlTime(new Date()), r.id,
      ]);
      const action = before.active !== after.active ? (after.active ? 'list.enable' : 'list.disable') : 'list.rename';
      await writeAudit(m, { actorId, action, subjectType: l, subjectId: code, detail: { old: shown(before), new: shown(after) } });
      const [n] = await rows(m, 'SELECT * FROM desk_list_item WHERE id = ?', [r.id]);
      return itemDto(n!);
    });
    this.cache = null;
    return out;
  }

  private async activeCount(m: EntityManager, l: DeskListName): Promise<number> {
    const [c] = await rows<{ n: number }>(m, 'SELECT COUNT(*) AS n FROM desk_list_item WHERE list = ? AND active = ?', [l, b(true)]);
    return Number(c?.n ?? 0);
  }

  /** Puts the list in this order (every code exactly once). */
  async reorder(list: string, codes: readonly string[], actorId: ActorId): Promise<DeskListItemDto[]> {
    const l = needList(list);
    await withTx(this.ds, async (m) => {
      const existing = (await this.all(m)).filter((i) => i.list === l);
      const issues = checkListOrder(codes, existing.map((i) => i.code));
      if (issues.length) refuse(issues);
      const now = sqlTime(new Date());
      for (const [i, code] of codes.entries()) await exec(m, 'UPDATE desk_list_item SET sort_order = ?, updated_at = ? WHERE list = ? AND code = ?', [(i + 1) * 10, now, l, code]);
      await writeAudit(m, { actorId, action: 'list.reorder', subjectType: l, subjectId: l, detail: { old: existing.map((i) => i.code), new: [...codes] } });
    });
    this.cache = null;
    return this.list(l);
  }

  /** Removes an entry an administrator added. Built-in codes and dispositions already on call records stay (disable them instead). */
  async remove(list: string, code: string, actorId: ActorId): Promise<void> {
    const l = needList(list);
    await withTx(this.ds, async (m) => {
      const [r] = await rows(m, 'SELECT * FROM desk_list_item WHERE list = ? AND code = ?', [l, code]);
      if (!r) throw new DomainError('NOT_FOUND', `列表中没有 ${code} / ${code} is not in the list`);
      if (asBool(r.builtin) || isBuiltinListCode(l, code)) {
        throw new DomainError('CONFLICT', `${code} 是系统内置项，不能删除，可以停用 / ${code} is built in: it cannot be deleted, disable it instead`);
      }
      if (l === 'disposition') {
        const [u] = await rows<{ n: number }>(m, 'SELECT COUNT(*) AS n FROM call_record WHERE disposition = ?', [code]);
        const n = Number(u?.n ?? 0);
        if (n > 0) throw new DomainError('CONFLICT', `已有 ${n} 条通话记录使用 ${code}，不能删除，可以停用 / ${n} call records use ${code}: disable it instead`, { used: n });
      }
      await exec(m, 'DELETE FROM desk_list_item WHERE id = ?', [r.id]);
      await writeAudit(m, { actorId, action: 'list.delete', subjectType: l, subjectId: code, detail: { old: shown(itemDto(r)), new: null } });
    });
    this.cache = null;
  }
}
