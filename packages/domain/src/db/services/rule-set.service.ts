import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import {
  DEFAULT_RULE_SET, diffRuleSets, ruleSetInForce, ruleSetStanding, validateRuleSet, type EligibilityRuleSet, type RuleSetVersionDto,
} from '../../eligibility/rule-set.js';
import { localDateOf } from '../../time/local-date.js';
import { asBool, b, exclusive, exec, iso, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

export type { RuleSetVersionDto };

interface Stored {
  rules: EligibilityRuleSet;
  version: number;
  effectiveFrom: string;
  createdAt: string | null;
  createdBy: { id: number; username: string } | null;
}

/**
 * The stored, versioned eligibility rule sets. Each version takes effect on its effectiveFrom day; the version in
 * force on a date is the one that took effect last (eligibility/rule-set.ts ruleSetInForce), so a version published
 * with a future date is scheduled and takes over on its day without anyone pressing a button. When the table is
 * empty the default (GB 18467-2011) is stored. The `active` column marks a stored version as usable (a scheduled
 * version withdrawn before its day is kept, inactive, for the record). The set in force is cached briefly.
 */
export class RuleSetService {
  private cached: { rules: EligibilityRuleSet; at: number; day: string } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly cacheMs = 5_000,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return localDateOf(this.clock());
  }

  private async stored(): Promise<Stored[]> {
    const list = await rows(this.ds,
      `SELECT r.version, r.effective_from, r.body, r.created_at, r.created_by_id, u.username FROM eligibility_rule_set r
       LEFT JOIN app_user u ON u.id = r.created_by_id WHERE r.active = ? ORDER BY r.effective_from, r.version`, [b(true)]);
    return list.map((r) => {
      const rules = parseJson<EligibilityRuleSet>(r.body, DEFAULT_RULE_SET);
      return {
        rules, version: Number(r.version), effectiveFrom: String(r.effective_from).slice(0, 10), createdAt: iso(r.created_at),
        createdBy: r.created_by_id === null || r.created_by_id === undefined ? null : { id: Number(r.created_by_id), username: String(r.username ?? '') },
      };
    });
  }

  /** The rule set in force today. */
  async active(): Promise<EligibilityRuleSet> {
    const day = this.today();
    if (this.cached && this.cached.day === day && Date.now() - this.cached.at < this.cacheMs) return this.cached.rules;
    const rules = await this.inForceOn(day);
    this.cached = { rules, at: Date.now(), day };
    return rules;
  }

  /** The rule set in force on a local date: today's from the cache, any other day from the table. */
  on(date: string): Promise<EligibilityRuleSet> {
    return date === this.today() ? this.active() : this.inForceOn(date);
  }

  /** The rule set in force on a local date (YYYY-MM-DD). */
  async inForceOn(date: string): Promise<EligibilityRuleSet> {
    let list = await this.stored();
    if (!list.length) {
      await this.ensureDefault();
      list = await this.stored();
    }
    return Object.freeze(ruleSetInForce(list, date)?.rules ?? DEFAULT_RULE_SET);
  }

  /** Stores GB18467_2011 when no rule set is stored (idempotent). */
  async ensureDefault(): Promise<void> {
    await exclusive(this.ds, async () => {
      const [{ n }] = (await rows<{ n: number }>(this.ds, 'SELECT COUNT(*) AS n FROM eligibility_rule_set')) as [{ n: number }];
      if (Number(n) > 0) return;
      const r = DEFAULT_RULE_SET;
      await exec(this.ds, 'INSERT INTO eligibility_rule_set (family, version, standard, effective_from, active, body, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)', [
        r.id, r.version, r.standard, r.effectiveFrom, b(true), JSON.stringify(r), sqlTime(new Date()),
      ]);
    });
  }

  /** Every usable version, oldest first, with how it stands today. */
  async list(): Promise<RuleSetVersionDto[]> {
    let list = await this.stored();
    if (!list.length) {
      await this.ensureDefault();
      list = await this.stored();
    }
    const day = this.today();
    return list.map((s) => {
      const standing = ruleSetStanding(list, s, day);
      return {
        id: s.rules.id, version: s.version, standard: s.rules.standard, effectiveFrom: s.effectiveFrom, active: standing === 'in-force', standing,
        createdAt: s.createdAt, createdBy: s.createdBy, rules: s.rules,
      };
    });
  }

  /**
   * Stores a new version (validated; its version above every stored one of the family). It takes effect on its
   * effectiveFrom day — at once when that is today or earlier. Audited with the values it changes against the
   * version it replaces on that day (old → new).
   */
  async publish(rules: EligibilityRuleSet, actorId: ActorId): Promise<RuleSetVersionDto> {
    const problems = validateRuleSet(rules);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', `规则集无效 / invalid rule set: ${problems.join('; ')}`, { problems });
    const replaces = await this.inForceOn(rules.effectiveFrom);
    await withTx(this.ds, async (m) => {
      const [{ v }] = (await rows<{ v: number | null }>(m, 'SELECT MAX(version) AS v FROM eligibility_rule_set WHERE family = ?', [rules.id])) as [{ v: number | null }];
      if (v !== null && rules.version <= Number(v)) {
        throw new DomainError('CONFLICT', `版本号 ${rules.version} 不大于已有的 ${v} / version ${rules.version} is not newer than ${v}`);
      }
      await exec(m, 'INSERT INTO eligibility_rule_set (family, version, standard, effective_from, active, body, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        rules.id, rules.version, rules.standard, rules.effectiveFrom, b(true), JSON.stringify(rules), actorId, sqlTime(new Date()),
      ]);
      await writeAudit(m, {
        actorId, action: 'rule-set.publish', subjectType: 'rule-set', subjectId: `${rules.id}@${rules.version}`,
        detail: {
          old: { id: replaces.id, version: replaces.version, standard: replaces.standard, effectiveFrom: replaces.effectiveFrom },
          new: { id: rules.id, version: rules.version, standard: rules.standard, effectiveFrom: rules.effectiveFrom },
          changes: diffRuleSets(replaces, rules).filter((c) => !['version', 'standard', 'effectiveFrom', 'id'].includes(c.path)),
        },
      });
    });
    this.cached = null;
    return (await this.list()).find((r) => r.id === rules.id && r.version === rules.version)!;
  }

  /** Withdraws a scheduled version before its day (kept, unusable); versions that have been in force stay. */
  async withdraw(family: string, version: number, actorId: ActorId): Promise<void> {
    const day = this.today();
    await withTx(this.ds, async (m) => {
      const [r] = await rows(m, 'SELECT id, effective_from, active FROM eligibility_rule_set WHERE family = ? AND version = ?', [family, version]);
      if (!r || !asBool(r.active)) throw new DomainError('NOT_FOUND', `规则集 ${family}@${version} 不存在 / rule set ${family}@${version} not found`);
      if (String(r.effective_from).slice(0, 10) <= day) {
        throw new DomainError('CONFLICT', `${family}@${version} 已生效，不能撤回；请发布新版本 / ${family}@${version} has taken effect: publish a new version instead`);
      }
      await exec(m, 'UPDATE eligibility_rule_set SET active = ? WHERE id = ?', [b(false), r.id]);
      await writeAudit(m, { actorId, action: 'rule-set.withdraw', subjectType: 'rule-set', subjectId: `${family}@${version}`, detail: { old: { usable: true }, new: { usable: false } } });
    });
    this.cached = null;
  }
}
