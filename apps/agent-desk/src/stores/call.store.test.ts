/**
 * The pop path over a real Socket.IO connection: delivery, acknowledgement, dedupe by popId across reconnects and
 * reloads, re-delivery of the current call, and calls that ended while the desk was away.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { popFor } from '../../test/peer/fixtures.js';
import { useCallStore } from './call.store.js';
import { useDonorStore } from './donor.store.js';
import { useLinkStore } from './link.store.js';
import { useSessionStore } from './session.store.js';

let peer: ContractPeer;
let desk: Desk;

beforeEach(async () => {
  peer = await startPeer();
  desk = await openDesk({ peer });
});
afterEach(async () => {
  await desk.close();
  await peer.close();
});

describe('call store — pops over the socket', () => {
  it('shows a pop, makes it the active call, prefetches the donor and acknowledges it', async () => {
    const calls = useCallStore(desk.pinia);
    const donors = useDonorStore(desk.pinia);
    const pop = popFor('known');
    peer.ring(pop);

    const entry = await waitFor(() => calls.active, 5000, 'active pop');
    expect(entry.popId).toBe(pop.popId);
    expect(entry.selectedDonorId).toBe(pop.donors[0]!.id);
    expect(calls.ringing).toBe(true);
    await waitFor(() => peer.popAcks.includes(pop.popId), 5000, 'pop ack');
    await waitFor(() => donors.cache.has(pop.donors[0]!.id), 5000, 'prefetched 360');
    expect(useSessionStore(desk.pinia).state).toBe('ringing');
  });

  it('never shows the same popId twice: a reconnect re-delivers it and it refreshes the one entry', async () => {
    const calls = useCallStore(desk.pinia);
    const pop = popFor('known');
    peer.ring(pop);
    await waitFor(() => calls.active, 5000, 'pop');
    peer.update({ state: 'connected', answeredAt: new Date().toISOString() });
    await waitFor(() => calls.live, 5000, 'connected');

    const link = useLinkStore(desk.pinia);
    peer.blip();
    await waitFor(() => link.socket !== 'connected', 5000, 'disconnect seen');
    await waitFor(() => link.socket === 'connected' && calls.active?.deliveries === 2, 5000, 'reconnect and re-delivery');

    expect(calls.entries).toHaveLength(1);
    expect(calls.active?.popId).toBe(pop.popId);
    // The re-delivered pop says "ringing" but the follow-up update restores the live state.
    await waitFor(() => calls.active?.state === 'connected', 5000, 'state restored');
    // the second ack travels back over the socket after the re-delivery was seen here
    await waitFor(() => peer.popAcks.filter((id) => id === pop.popId).length >= 2, 5000, 'second ack');
    expect(peer.popAcks.filter((id) => id === pop.popId)).toHaveLength(2);
  });

  it('after a reload (fresh stores, new socket) the current call and its pop come back once', async () => {
    const pop = popFor('shared');
    peer.ring(pop);
    await waitFor(() => useCallStore(desk.pinia).active, 5000, 'pop');
    peer.update({ state: 'on-hold', answeredAt: new Date(Date.now() - 60_000).toISOString(), heldSince: new Date().toISOString() });
    await desk.close();

    const reloaded = await openDesk({ peer });
    try {
      const calls = useCallStore(reloaded.pinia);
      await waitFor(() => calls.active?.state === 'on-hold', 5000, 'call back after reload');
      expect(calls.entries).toHaveLength(1);
      expect(calls.active?.pop.match).toBe('shared');
      expect(calls.active?.answeredAt).not.toBeNull();
      expect(calls.callSeconds).toBeGreaterThanOrEqual(59);
    } finally {
      await reloaded.close();
    }
  });

  it('a call that ended while the desk was disconnected is shown as ended after the reconnect', async () => {
    const calls = useCallStore(desk.pinia);
    const link = useLinkStore(desk.pinia);
    peer.ring(popFor('known'));
    await waitFor(() => calls.active, 5000, 'pop');
    peer.update({ state: 'connected', answeredAt: new Date().toISOString() });
    await waitFor(() => calls.live, 5000, 'connected');

    // Cut the link and end the call while nobody is listening.
    peer.io.disconnectSockets();
    await waitFor(() => link.socket !== 'connected', 5000, 'disconnect seen');
    peer.update({ state: 'ended', hangupBy: 'caller' });
    expect(calls.active?.state).toBe('connected');

    await waitFor(() => link.socket === 'connected', 5000, 'reconnected');
    await waitFor(() => calls.active?.state === 'ended', 5000, 'reconciled end');
    expect(calls.active?.missed).toBe(false);
    expect(useSessionStore(desk.pinia).state).toBe('wrap-up');
  });

  it('a second ring during a live call does not steal the screen', async () => {
    const calls = useCallStore(desk.pinia);
    const first = popFor('known');
    peer.ring(first);
    await waitFor(() => calls.active, 5000, 'first pop');
    peer.update({ state: 'connected', answeredAt: new Date().toISOString() });
    await waitFor(() => calls.live, 5000, 'connected');
    const second = popFor('unknown');
    peer.io.to('user:7').emit('pop:show', second, () => {});
    await waitFor(() => calls.entries.length === 2, 5000, 'second pop');
    expect(calls.activePopId).toBe(first.popId);
  });

  it('a ring a colleague answered leaves no 未接来电 card — even after a first "missed" — and an identified caller stops being unknown', async () => {
    const calls = useCallStore(desk.pinia);
    const pop = popFor('unknown');
    peer.ring(pop);
    await waitFor(() => calls.active?.popId === pop.popId, 5000, 'ringing');
    peer.update({ state: 'ended', missed: true });
    await waitFor(() => calls.byPop(pop.popId)?.missed, 5000, 'first reported missed');
    // the correction for the same pop (the peer forgot the call at its end: sent as the bridge sends it)
    peer.io.emit('call:updated', { popId: pop.popId, callId: pop.callId, state: 'ended', at: new Date().toISOString(), missed: false, answeredElsewhere: true });
    await waitFor(() => !calls.byPop(pop.popId), 5000, 'the card goes away');
    expect(calls.active).toBeNull();

    const other = popFor('unknown');
    peer.ring(other);
    await waitFor(() => calls.active?.popId === other.popId, 5000, 'second ring');
    const donor = useDonorStore(desk.pinia);
    const d = await donor.load(1001);
    calls.identify(other.popId, d);
    expect(calls.active).toMatchObject({ selectedDonorId: 1001, pop: { match: 'known' } });
    expect(calls.active!.pop.donors[0]!.name).toBe(d.name);
  });
});
