/**
 * Domain events of the BECS integration, emitted AFTER the transaction that wrote the data has committed, to
 * subscribers registered by the apps:
 *
 *   donation.recorded — new or corrected donations (one event per committed batch; re-imports of unchanged rows
 *                       emit nothing). Subscribers today: honours/points recompute (domain, db/integration),
 *                       the bridge's `donor:changed` to desks that have that donor's 360 open. Planned: the
 *                       post-donation satisfaction SMS (issue 12) subscribes here and enqueues into the SMS outbox.
 *   deferral.recorded — new or changed deferrals (eligibility changes): the bridge refreshes open 360s.
 *   donor.recorded    — donors created or updated from the BECS.
 *
 * Delivery is in-process and at most once: a subscriber that throws is reported to onError and does not affect the
 * import or other subscribers. A subscriber that needs durability writes its own row (e.g. the SMS outbox) — the
 * event carries ids, never personal data.
 */
import type { DonationOutcome, DonationType } from '../donations/donation.types.js';

export type IntegrationSource = 'file' | 'api';

export interface RecordedBase {
  at: string;
  source: IntegrationSource;
  jobId: number | null;
  apiKeyId: number | null;
}

export interface DonationRecordedEvent extends RecordedBase {
  donations: { donationId: number; donorId: number; type: DonationType; date: string; outcome: DonationOutcome; created: boolean }[];
}

export interface DeferralRecordedEvent extends RecordedBase {
  deferrals: { deferralId: number; donorId: number; from: string; until: string | null; created: boolean }[];
}

export interface DonorRecordedEvent extends RecordedBase {
  donors: { donorId: number; created: boolean }[];
}

export interface IntegrationEventMap {
  'donation.recorded': DonationRecordedEvent;
  'deferral.recorded': DeferralRecordedEvent;
  'donor.recorded': DonorRecordedEvent;
}

export type IntegrationEventName = keyof IntegrationEventMap;
type Handler<K extends IntegrationEventName> = (e: IntegrationEventMap[K]) => void | Promise<void>;

export class IntegrationEvents {
  private readonly handlers = new Map<IntegrationEventName, Set<Handler<IntegrationEventName>>>();

  constructor(private readonly onError: (name: IntegrationEventName, err: unknown) => void = () => undefined) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends IntegrationEventName>(name: K, fn: Handler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(fn as Handler<IntegrationEventName>);
    return () => set.delete(fn as Handler<IntegrationEventName>);
  }

  listeners(name: IntegrationEventName): number {
    return this.handlers.get(name)?.size ?? 0;
  }

  /** Runs every subscriber (in subscription order, each awaited); failures go to onError. */
  async emit<K extends IntegrationEventName>(name: K, event: IntegrationEventMap[K]): Promise<void> {
    for (const fn of [...(this.handlers.get(name) ?? [])]) {
      try {
        await fn(event);
      } catch (e) {
        this.onError(name, e);
      }
    }
  }
}
