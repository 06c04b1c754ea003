import type { DataSource } from 'typeorm';
import { CENTER_SETTING_KEYS, checkCenterSettings, DEFAULT_CENTER_SETTINGS, type CenterSettings, type CenterSettingsUpdate } from '../../admin/center-settings.js';
import { DomainError } from '../../errors.js';
import { exec, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';

/**
 * The center's settings (name, hotline, SMS signature, recording notice), stored as key/value rows; keys never
 * saved read as DEFAULT_CENTER_SETTINGS. Changes are validated and audited with old → new values.
 */
export class CenterSettingsService {
  constructor(private readonly ds: DataSource) {}

  async get(): Promise<CenterSettings> {
    const out: CenterSettings = { ...DEFAULT_CENTER_SETTINGS };
    for (const r of await rows(this.ds, 'SELECT setting_key, value FROM center_setting')) {
      const k = String(r.setting_key) as keyof CenterSettings;
      if (!(CENTER_SETTING_KEYS as readonly string[]).includes(k)) continue;
      const v = parseJson<unknown>(r.value, null);
      if (v !== null && typeof v === typeof DEFAULT_CENTER_SETTINGS[k]) (out as unknown as Record<string, unknown>)[k] = v;
    }
    return out;
  }

  async update(u: CenterSettingsUpdate, actorId: ActorId): Promise<CenterSettings> {
    const issues = checkCenterSettings(u);
    if (issues.length) throw new DomainError('VALIDATION_FAILED', issues.map((i) => `${i.zh} / ${i.en}`).join('；'), { issues });
    const before = await this.get();
    const next: Partial<Record<keyof CenterSettings, unknown>> = {};
    for (const k of CENTER_SETTING_KEYS) {
      const v = u[k];
      if (v === undefined) continue;
      const val = typeof v === 'string' ? v.trim() : v;
      if (val !== before[k]) next[k] = val;
    }
    const keys = Object.keys(next) as (keyof CenterSettings)[];
    if (!keys.length) return before;
    await withTx(this.ds, async (m) => {
      const now = sqlTime(new Date());
      for (const k of keys) {
        const value = JSON.stringify(next[k]);
        const r = await exec(m, 'UPDATE center_setting SET value = ?, updated_by_id = ?, updated_at = ? WHERE setting_key = ?', [value, actorId, now, k]);
        if (r.affected === 0) await exec(m, 'INSERT INTO center_setting (setting_key, value, updated_by_id, updated_at) VALUES (?, ?, ?, ?)', [k, value, actorId, now]);
      }
      await writeAudit(m, {
        actorId, action: 'center.update', subjectType: 'center', subjectId: 'settings',
        detail: { old: Object.fromEntries(keys.map((k) => [k, before[k]])), new: next },
      });
    });
    return this.get();
  }
}
