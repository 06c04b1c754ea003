/**
 * Seat state over the real socket: sign in to a seat (and take it over), ready / pause with a reason, ringing →
 * on call → wrap-up with its countdown, the wrap-up rule (no "ready" before the disposition), and failures.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { popFor } from '../../test/peer/fixtures.js';
import { CommandError } from '../realtime/commands.js';
import { syncClock } from '../utils/clock.js';
import { useCallStore } from './call.store.js';
import { useSessionStore } from './session.store.js';
import { useWrapUpStore } from './wrapup.store.js';

let peer: ContractPeer;
let desk: Desk;

beforeEach(async () => {
  peer = await startPeer({ session: { extension: null, state: 'logged-out' }, wrapUpSeconds: 30 });
  desk = await openDesk({ peer });
});
afterEach(async () => {
  vi.useRealTimers();
  await desk.close();
  await peer.close();
});

describe('session store — seat state', () => {
  it('goes logged-out → seated (paused) → ready → paused with a reason → ready', async () => {
    const session = useSessionStore(desk.pinia);
    expect(session.state).toBe('logged-out');
    expect(session.seated).toBe(false);

    await session.loginSeat('8001');
    expect(session.extension).toBe('8001');
    expect(session.state).toBe('paused');

    await session.ready();
    expect(session.state).toBe('ready');

    await session.pause('meal');
    expect(session.state).toBe('paused');
    expect(session.pauseReason).toBe('meal');
    expect(peer.commands.map((c) => c.event)).toEqual(['agent:login', 'agent:ready', 'agent:pause']);
    expect(peer.commands[2]!.payload).toEqual({ reason: 'meal' });

    await session.ready();
    expect(session.state).toBe('ready');
    expect(session.pauseReason).toBeNull();
  });

  it('a seat in use elsewhere fails with SESSION_TAKEN and is taken over only when asked', async () => {
    const session = useSessionStore(desk.pinia);
    peer.seatTaken = true;
    const err = await session.loginSeat('8001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).code).toBe('SESSION_TAKEN');
    expect(session.lastError?.command).toBe('agent:login');
    expect(session.seated).toBe(false);

    await session.loginSeat('8001', true);
    expect(peer.commands.at(-1)!.payload).toEqual({ extension: '8001', takeover: true });
    expect(session.seated).toBe(true);
    expect(session.lastError).toBeNull();
  });

  it('follows ringing → on call → wrap-up, counts the wrap-up down and requires the disposition before ready', async () => {
    const session = useSessionStore(desk.pinia);
    const calls = useCallStore(desk.pinia);
    await session.loginSeat('8001');
    await session.ready();

    peer.ring(popFor('known'));
    await waitFor(() => session.state === 'ringing', 5000, 'ringing');
    await calls.answer();
    await waitFor(() => session.state === 'on-call', 5000, 'on call');
    await calls.hangup();
    await waitFor(() => session.state === 'wrap-up', 5000, 'wrap-up');

    // The countdown runs from the server's wrapUpEndsAt on the desk's clock.
    const endsAt = Date.parse(session.session!.wrapUpEndsAt!);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(endsAt - 30_000);
    syncClock();
    expect(session.wrapUpRemaining).toBe(30);
    vi.setSystemTime(endsAt - 12_000);
    syncClock();
    expect(session.wrapUpRemaining).toBe(12);
    vi.setSystemTime(endsAt + 5_000);
    syncClock();
    expect(session.wrapUpRemaining).toBe(-5);
    vi.useRealTimers();
    syncClock();

    // The seat requires a disposition: the desk knows it is blocked, and the server refuses "ready" too.
    const wrapUp = useWrapUpStore(desk.pinia);
    expect(wrapUp.blocking).toBe(true);
    const refused = await session.wrapUpDone().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandError);
    expect((refused as CommandError).code).toBe('WRAP_UP_REQUIRED');
    expect(session.state).toBe('wrap-up');

    const entry = calls.active!;
    const draft = wrapUp.ensureDraft(entry);
    draft.disposition = 'booking';
    await wrapUp.saveAndReady(entry.callId);
    expect(wrapUp.blocking).toBe(false);
    expect(session.state).toBe('ready');
    expect(peer.requests.some((r) => r.method === 'POST' && r.path === `/api/calls/${entry.callId}/disposition`)).toBe(true);
  });
});
