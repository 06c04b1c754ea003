/**
 * The 我的待办 badge's counts over the real socket and HTTP: loaded on connect, refreshed on `work:changed`, and an
 * older counts answer that arrives after a newer one never puts the badge back (a slow connect-time load overtaken
 * by the refresh of a new task left the badge one short under load — the work-queue e2e caught it in CI).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { useWorkStore } from './work.store.js';

let peer: ContractPeer;
let desk: Desk;

beforeEach(async () => {
  peer = await startPeer();
});
afterEach(async () => {
  peer.workCountsGate = null;
  await desk?.close();
  await peer.close();
});

describe('work store — the badge counts', () => {
  it('loads on connect and follows work:changed', async () => {
    peer.workCounts = { mine: 2, mineOverdue: 0, pool: 1, overdue: 0 };
    desk = await openDesk({ peer });
    const work = useWorkStore(desk.pinia);
    await waitFor(() => work.counts.mine === 2, 5000, 'the counts on connect');
    peer.workCounts = { mine: 3, mineOverdue: 1, pool: 1, overdue: 1 };
    peer.io.emit('work:changed', { taskIds: [9], reason: 'created' });
    await waitFor(() => work.counts.mine === 3, 5000, 'the counts after work:changed');
    expect(work.counts.mineOverdue).toBe(1);
  });

  it('a late answer to an older request does not undo a newer one', async () => {
    // watch the platform's fetch (not the desk's code) to know when the held answer has been read
    const realFetch = globalThis.fetch;
    let pending = 0;
    globalThis.fetch = (async (...a: Parameters<typeof fetch>) => {
      const counts = String(a[0]).includes('/api/work/counts');
      if (counts) pending++;
      try {
        const r = await realFetch(...a);
        return new Response(await r.arrayBuffer(), { status: r.status, headers: r.headers });
      } finally {
        if (counts) pending--;
      }
    }) as typeof fetch;
    try {
      peer.workCounts = { mine: 2, mineOverdue: 0, pool: 0, overdue: 0 };
      let release!: () => void;
      peer.workCountsGate = new Promise<void>((r) => (release = r));
      desk = await openDesk({ peer }); // the connect-time load is held with "2"
      const work = useWorkStore(desk.pinia);
      await waitFor(() => peer.requests.some((r) => r.path === '/api/work/counts'), 5000, 'the connect-time request');
      peer.workCountsGate = null;
      peer.workCounts = { mine: 3, mineOverdue: 0, pool: 0, overdue: 0 };
      peer.io.emit('work:changed', { taskIds: [9], reason: 'created' });
      await waitFor(() => work.counts.mine === 3, 5000, 'the newer counts');
      release(); // the older answer ("2") arrives last
      await waitFor(() => pending === 0, 5000, 'the late answer read');
      await flushPromises();
      expect(work.counts.mine).toBe(3);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
