/**
 * One batch of validated items through the database step of its kind — in one transaction when applying (with the
 * caller's extra writes, e.g. the job checkpoint, inside it), retried once when a concurrent writer (an API batch
 * and a file import at once) inserted the same BECS id first; then the domain events, after the commit.
 */
import type { DataSource } from 'typeorm';
import type { IntegrationEvents } from '../../integration/integration-events.js';
import type { BecsEntity, DeferralRecord, DonationRecord, DonorRecord } from '../../integration/integration.types.js';
import type { CallerLookup } from '../services/caller-lookup.js';
import { BecsSql, isDuplicateKey } from './becs-sql.js';
import { noEvents, type BatchEnv, type BatchItem } from './batch-env.js';
import { processDeferrals } from './deferral-batch.js';
import { processDonations } from './donation-batch.js';
import { processDonors } from './donor-batch.js';

export type AnyItem = BatchItem<DonorRecord> | BatchItem<DonationRecord> | BatchItem<DeferralRecord>;

export async function processItems(entity: BecsEntity, items: AnyItem[], env: BatchEnv): Promise<void> {
  if (entity === 'donors') await processDonors(items as BatchItem<DonorRecord>[], env);
  else if (entity === 'donations') await processDonations(items as BatchItem<DonationRecord>[], env);
  else await processDeferrals(items as BatchItem<DeferralRecord>[], env);
}

function reset(items: AnyItem[], env: BatchEnv): void {
  for (const i of items) {
    i.dbIssues = [];
    i.outcome = i.record ? null : 'rejected';
    i.id = null;
  }
  env.events = noEvents();
  env.later = [];
}

export interface RunBatchDeps {
  events: IntegrationEvents;
  lookup?: CallerLookup | null;
}

/**
 * Runs the batch. `inTx` runs inside the same transaction after the batch's own writes (apply only); when it throws,
 * nothing of the batch is written. Dry runs write nothing and emit nothing.
 */
export async function runBatch(entity: BecsEntity, items: AnyItem[], env: BatchEnv, deps: RunBatchDeps, inTx?: () => Promise<void>): Promise<void> {
  reset(items, env);
  if (!env.apply) {
    await processItems(entity, items, env);
    for (const f of env.later) f();
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await env.sql.tx(async () => {
        await processItems(entity, items, env);
        if (inTx) await inTx();
      });
      break;
    } catch (e) {
      if (attempt < 3 && isDuplicateKey(e)) {
        reset(items, env);
        env.known = null; // another writer came first: look the rows up again
        continue;
      }
      throw e;
    }
  }
  for (const f of env.later) f();
  await emitPending(env, deps);
}

export async function emitPending(env: BatchEnv, deps: RunBatchDeps): Promise<void> {
  const ev = env.events;
  if (ev.phones.size) for (const p of ev.phones) deps.lookup?.invalidate(p);
  const base = { at: env.now.toISOString(), source: env.source.kind, jobId: env.source.jobId, apiKeyId: env.source.apiKeyId };
  if (ev.donors.length) await deps.events.emit('donor.recorded', { ...base, donors: ev.donors });
  if (ev.donations.length) await deps.events.emit('donation.recorded', { ...base, donations: ev.donations });
  if (ev.deferrals.length) await deps.events.emit('deferral.recorded', { ...base, deferrals: ev.deferrals });
  env.events = noEvents();
}

export function newSql(ds: DataSource): BecsSql {
  return new BecsSql(ds);
}
