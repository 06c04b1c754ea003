import type { DonorSummary, IvrFindings } from '@donorline/domain';
import { silentLogger, type Logger } from '../logger.js';

/** Who is calling: the donor cards for the pop. */
export interface Identification {
  e164: string | null;
  match: 'known' | 'shared' | 'unknown';
  /** Known: one; shared: the IVR-verified donor first; unknown: none. */
  donors: DonorSummary[];
  /** The lookup failed (database down): the pop says unknown for now and is refreshed when it works again. */
  failed: boolean;
}

export interface IdentifyInput {
  e164: string | null;
  ivr: IvrFindings;
  /** Donor ids the IVR offered for a shared number (DL_DONOR_CANDIDATES). */
  candidates: readonly number[];
  /** Click-to-dial: the donor the agent dialled. */
  dialDonorId: number | null;
}

export interface DonorDirectory {
  lookup: { findDonorIdsByPhone(e164: string): Promise<number[]> };
  donors: { summaries(ids: readonly number[], today?: string, matchedE164?: string | null): Promise<DonorSummary[]> };
}

export function identificationKey(i: IdentifyInput): string {
  return `${i.e164 ?? ''}|${i.ivr.donorId ?? ''}|${i.ivr.verified ? 1 : 0}|${i.candidates.join(',')}|${i.dialDonorId ?? ''}`;
}

/**
 * Caller identification: the number (already E.164) through CallerLookup (index + cache), the IVR's findings on
 * top (a verified donor first, the IVR's candidates added), then DonorService.summaries for the cards.
 */
export class CallerIdentifier {
  private readonly log: Logger;

  constructor(private readonly dir: DonorDirectory, logger?: Logger) {
    this.log = logger ?? silentLogger;
  }

  async identify(i: IdentifyInput): Promise<Identification> {
    try {
      const byPhone = i.e164 ? await this.dir.lookup.findDonorIdsByPhone(i.e164) : [];
      const ordered: number[] = [];
      const add = (id: number | null | undefined): void => {
        if (id && !ordered.includes(id)) ordered.push(id);
      };
      add(i.dialDonorId);
      if (i.ivr.verified) add(i.ivr.donorId);
      // an unverified IVR pick counts only when the number really is that donor's
      if (!i.ivr.verified && i.ivr.donorId && byPhone.includes(i.ivr.donorId)) add(i.ivr.donorId);
      for (const id of byPhone) add(id);
      for (const id of i.candidates) add(id);
      if (ordered.length === 0) return { e164: i.e164, match: 'unknown', donors: [], failed: false };
      const donors = await this.dir.donors.summaries(ordered, undefined, i.e164);
      const match = donors.length === 0 ? 'unknown' : donors.length === 1 ? 'known' : 'shared';
      return { e164: i.e164, match, donors, failed: false };
    } catch (e) {
      this.log.warn({ err: e }, 'caller identification failed');
      return { e164: i.e164, match: 'unknown', donors: [], failed: true };
    }
  }
}
