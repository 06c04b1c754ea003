import type { DataSource } from 'typeorm';
import type { PhraseDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import {
  checkScript, diffScripts, isPhraseCallType, normalizeLines, PHRASE_CALL_TYPES, type PhraseCallType, type PhraseLine, type PhraseScriptSave,
  type PhraseScriptSummary, type PhraseScriptVersionDto,
} from '../../phrases/phrase-script.js';
import { b, exec, iso, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

type Row = Record<string, unknown>;

function versionDto(r: Row): PhraseScriptVersionDto {
  return {
    callType: String(r.call_type) as PhraseCallType,
    version: Number(r.version),
    active: r.active === true || Number(r.active) === 1,
    lines: parseJson<PhraseLine[]>(r.body, []),
    note: (r.note as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    createdBy: r.created_by_id === null || r.created_by_id === undefined ? null : { id: Number(r.created_by_id), username: String(r.username ?? '') },
  };
}

function needType(callType: string): PhraseCallType {
  if (!isPhraseCallType(callType)) throw new DomainError('VALIDATION_FAILED', `未知的通话类型 ${callType} / unknown call type ${callType}`, { callType, allowed: PHRASE_CALL_TYPES });
  return callType;
}

const SELECT = `SELECT v.*, u.username FROM phrase_script_version v LEFT JOIN app_user u ON u.id = v.created_by_id`;

/**
 * Standard-phrase scripts (规范用语 / SOP) per call type, versioned: saving never edits a version — it adds one and
 * makes it active; older versions stay for the history and can be made active again. Agents read the active
 * lines (GET /api/phrases); every change is audited with the lines before and after.
 */
export class PhraseScriptService {
  constructor(private readonly ds: DataSource) {}

  /** The active lines of one call type (or of every call type), in script order, as the desk reads them. */
  async list(callType?: string): Promise<PhraseDto[]> {
    const list = callType
      ? await rows(this.ds, 'SELECT * FROM phrase_script_version WHERE call_type = ? AND active = ?', [callType, b(true)])
      : await rows(this.ds, 'SELECT * FROM phrase_script_version WHERE active = ? ORDER BY call_type', [b(true)]);
    const out: PhraseDto[] = [];
    for (const r of list) {
      const v = versionDto(r);
      v.lines.forEach((l, i) => out.push({ id: Number(r.id) * 1000 + i, callType: v.callType, stage: l.stage, order: (i + 1) * 10, text: l.text, textEn: l.textEn, version: v.version }));
    }
    return out;
  }

  /** One entry per call type that can have a script, with its active version (null when it has none yet). */
  async summaries(): Promise<PhraseScriptSummary[]> {
    const counts = await rows(this.ds, 'SELECT call_type, COUNT(*) AS n FROM phrase_script_version GROUP BY call_type');
    const active = (await rows(this.ds, `${SELECT} WHERE v.active = ?`, [b(true)])).map(versionDto);
    return PHRASE_CALL_TYPES.map((callType) => {
      const a = active.find((v) => v.callType === callType) ?? null;
      const n = Number(counts.find((c) => c.call_type === callType)?.n ?? 0);
      return { callType, activeVersion: a?.version ?? null, versions: n, lines: a?.lines.length ?? 0, updatedAt: a?.createdAt ?? null, updatedBy: a?.createdBy ?? null };
    });
  }

  /** Every version of a call type's script, newest first. */
  async history(callType: string): Promise<PhraseScriptVersionDto[]> {
    const t = needType(callType);
    return (await rows(this.ds, `${SELECT} WHERE v.call_type = ? ORDER BY v.version DESC`, [t])).map(versionDto);
  }

  async active(callType: string): Promise<PhraseScriptVersionDto | null> {
    const t = needType(callType);
    const [r] = await rows(this.ds, `${SELECT} WHERE v.call_type = ? AND v.active = ?`, [t, b(true)]);
    return r ? versionDto(r) : null;
  }

  /**
   * Saves the lines as the next version of the call type's script and makes it active. Refused (VALIDATION_FAILED,
   * nothing written) when a line is empty, too long or names a placeholder outside the vocabulary; CONFLICT when
   * nothing changed.
   */
  async publish(callType: string, input: PhraseScriptSave, actorId: ActorId): Promise<PhraseScriptVersionDto> {
    const t = needType(callType);
    const issues = checkScript(input);
    if (issues.length) {
      throw new DomainError('VALIDATION_FAILED', issues.map((i) => `${i.message.zh} / ${i.message.en}`).slice(0, 5).join('；'), { issues });
    }
    const lines = normalizeLines(input.lines);
    const note = input.note?.trim() ? input.note.trim() : null;
    await withTx(this.ds, async (m) => {
      const [cur] = await rows(m, 'SELECT * FROM phrase_script_version WHERE call_type = ? AND active = ?', [t, b(true)]);
      const [max] = await rows<{ v: number | null }>(m, 'SELECT MAX(version) AS v FROM phrase_script_version WHERE call_type = ?', [t]);
      const old = cur ? parseJson<PhraseLine[]>(cur.body, []) : [];
      const changes = diffScripts(old, lines);
      if (cur && changes.length === 0) throw new DomainError('CONFLICT', '内容与当前版本相同，未保存新版本 / nothing changed: no new version saved');
      const version = Number(max?.v ?? 0) + 1;
      await exec(m, 'UPDATE phrase_script_version SET active = ? WHERE call_type = ?', [b(false), t]);
      await exec(m, 'INSERT INTO phrase_script_version (call_type, version, body, note, active, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        t, version, JSON.stringify(lines), note, b(true), actorId, sqlTime(new Date()),
      ]);
      await writeAudit(m, {
        actorId, action: 'phrases.publish', subjectType: 'phrase-script', subjectId: `${t}@${version}`,
        detail: { callType: t, old: cur ? { version: Number(cur.version), lines: old } : null, new: { version, lines }, changes, note },
      });
    });
    return (await this.active(t))!;
  }

  /** Makes an older (or newer) version the active one again. */
  async activate(callType: string, version: number, actorId: ActorId): Promise<PhraseScriptVersionDto> {
    const t = needType(callType);
    await withTx(this.ds, async (m) => {
      const [target] = await rows(m, 'SELECT * FROM phrase_script_version WHERE call_type = ? AND version = ?', [t, version]);
      if (!target) throw new DomainError('NOT_FOUND', `${t} 没有第 ${version} 版 / ${t} has no version ${version}`);
      const [cur] = await rows(m, 'SELECT * FROM phrase_script_version WHERE call_type = ? AND active = ?', [t, b(true)]);
      if (cur && Number(cur.version) === version) return;
      await exec(m, 'UPDATE phrase_script_version SET active = ? WHERE call_type = ?', [b(false), t]);
      await exec(m, 'UPDATE phrase_script_version SET active = ? WHERE id = ?', [b(true), target.id]);
      const old = cur ? parseJson<PhraseLine[]>(cur.body, []) : [];
      const lines = parseJson<PhraseLine[]>(target.body, []);
      await writeAudit(m, {
        actorId, action: 'phrases.activate', subjectType: 'phrase-script', subjectId: `${t}@${version}`,
        detail: { callType: t, old: cur ? { version: Number(cur.version) } : null, new: { version }, changes: diffScripts(old, lines) },
      });
    });
    return (await this.active(t))!;
  }
}
