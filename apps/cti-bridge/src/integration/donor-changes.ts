/**
 * Subscriber of the BECS domain events on the bridge: a donation, deferral or profile that arrived for a donor
 * becomes one `donor:changed` per donor (per committed batch) to the desks watching that donor's 360° view — ids
 * only, no personal data — so eligibility and honours on an open screen are fresh without polling.
 */
import type { DonorChanged, IntegrationEvents } from '@donorline/domain';

export function watchDonorChanges(events: IntegrationEvents, sink: { donorChanged(e: DonorChanged): void }): () => void {
  const send = (ids: Iterable<number>, what: DonorChanged['what'][number]): void => {
    for (const donorId of new Set(ids)) sink.donorChanged({ donorId, what: [what] });
  };
  const offs = [
    events.on('donation.recorded', (e) => send(e.donations.map((d) => d.donorId), 'donations')),
    events.on('deferral.recorded', (e) => send(e.deferrals.map((d) => d.donorId), 'deferrals')),
    events.on('donor.recorded', (e) => send(e.donors.filter((d) => !d.created).map((d) => d.donorId), 'profile')),
  ];
  return () => offs.forEach((off) => off());
}
