import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import { DEFAULT_RULE_SET, validateRuleSet, type EligibilityRuleSet } from '../../eligibility/rule-set.js';
import { exclusive, exec, iso, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

export interface RuleSetVersionDto {
  id: string;
  version: number;
  standard: string;
  effectiveFrom: string;
  active: boolean;
  createdAt: string | null;
}

/**
 * The stored, versioned eligibility rule sets. Exactly one is active; when the table is empty the default
 * (GB 18467-2011) is stored and activated. The active set is cached briefly (publish clears the cache).
 */
export class RuleSetService {
  private cached: { rules: EligibilityRuleSet; at: number } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly cacheMs = 5_000,
  ) {}

  async active(): Promise<EligibilityRuleSet> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached.rules;
    let [row] = await rows<{ body: unknown }>(this.ds, 'SELECT body FROM eligibility_rule_set WHERE active = 1 ORDER BY id DESC LIMIT 1');
    if (!row) {
      await this.ensureDefault();
      [row] = await rows<{ body: unknown }>(this.ds, 'SELECT body FROM eligibility_rule_set WHERE active = 1 ORDER BY id DESC LIMIT 1');
    }
    const rules = Object.freeze(parseJson<EligibilityRuleSet>(row!.body, DEFAULT_RULE_SET));
    this.cached = { rules, at: Date.now() };
    return rules;
  }

  /** Stores and activates GB18467_2011 when no rule set is stored (idempotent). */
  async ensureDefault(): Promise<void> {
    await exclusive(this.ds, async () => {
      const [{ n }] = (await rows<{ n: number }>(this.ds, 'SELECT COUNT(*) AS n FROM eligibility_rule_set')) as [{ n: number }];
      if (Number(n) > 0) return;
      const r = DEFAULT_RULE_SET;
      await exec(this.ds, 'INSERT INTO eligibility_rule_set (family, version, standard, effective_from, active, body, created_by_id, created_at) VALUES (?, ?, ?, ?, 1, ?, NULL, ?)', [
        r.id, r.version, r.standard, r.effectiveFrom, JSON.stringify(r), sqlTime(new Date()),
      ]);
    });
  }

  async list(): Promise<RuleSetVersionDto[]> {
    const list = await rows(this.ds, 'SELECT family, version, standard, effective_from, active, created_at FROM eligibility_rule_set ORDER BY family, version');
    return list.map((r) => ({
      id: String(r.family), version: Number(r.version), standard: String(r.standard), effectiveFrom: String(r.effective_from),
      active: Number(r.active) === 1, createdAt: iso(r.created_at),
    }));
  }

  /** Stores a new version (validated) and makes it the active one. */
  async publish(rules: EligibilityRuleSet, actorId: ActorId): Promise<RuleSetVersionDto> {
    const problems = validateRuleSet(rules);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', `规则集无效 / invalid rule set: ${problems.join('; ')}`, { problems });
    await withTx(this.ds, async (m) => {
      const [{ v }] = (await rows<{ v: number | null }>(m, 'SELECT MAX(version) AS v FROM eligibility_rule_set WHERE family = ?', [rules.id])) as [{ v: number | null }];
      if (v !== null && rules.version <= Number(v)) throw new DomainError('CONFLICT', `version ${rules.version} is not newer than ${v}`);
      await exec(m, 'UPDATE eligibility_rule_set SET active = 0 WHERE active = 1');
      await exec(m, 'INSERT INTO eligibility_rule_set (family, version, standard, effective_from, active, body, created_by_id, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)', [
        rules.id, rules.version, rules.standard, rules.effectiveFrom, JSON.stringify(rules), actorId, sqlTime(new Date()),
      ]);
      await writeAudit(m, { actorId, action: 'rule-set.publish', subjectType: 'rule-set', subjectId: `${rules.id}@${rules.version}`, detail: { standard: rules.standard } });
    });
    this.cached = null;
    return (await this.list()).find((r) => r.id === rules.id && r.version === rules.version)!;
  }

  /** Re-activates a stored version (e.g. roll back). */
  async activate(family: string, version: number, actorId: ActorId): Promise<void> {
    await withTx(this.ds, async (m) => {
      const found = await rows(m, 'SELECT id FROM eligibility_rule_set WHERE family = ? AND version = ?', [family, version]);
      if (!found.length) throw new DomainError('NOT_FOUND', `rule set ${family}@${version} not found`);
      await exec(m, 'UPDATE eligibility_rule_set SET active = 0 WHERE active = 1');
      await exec(m, 'UPDATE eligibility_rule_set SET active = 1 WHERE family = ? AND version = ?', [family, version]);
      await writeAudit(m, { actorId, action: 'rule-set.activate', subjectType: 'rule-set', subjectId: `${family}@${version}` });
    });
    this.cached = null;
  }
}
