import { expect, it, vi } from 'vitest';
import { CallRecordService, type CallRecordPatch, type RecordingAttach, type SegmentPatch } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { DurableCallWriter, type CallRecordStore } from './durable-writer.js';
import { mergePatch } from './record-patches.js';

/** The real CallRecordService, with a switch that makes the database "down" (every write fails). */
class FlakyStore implements CallRecordStore {
  down = false;
  readonly failing = new Set<string>();
  attempts = 0;
  constructor(private readonly real: CallRecordService) {}
  async upsert(linkedid: string, patch: CallRecordPatch): Promise<unknown> {
    this.attempts++;
    if (this.down || this.failing.has(linkedid)) throw new Error('ECONNREFUSED (database down)');
    return this.real.upsert(linkedid, patch);
  }
  async attachRecording(linkedid: string, rec: RecordingAttach): Promise<unknown> {
    if (this.down) throw new Error('ECONNREFUSED (database down)');
    return this.real.attachRecording(linkedid, rec);
  }
  async upsertSegment(linkedid: string, seg: SegmentPatch): Promise<unknown> {
    if (this.down) throw new Error('ECONNREFUSED (database down)');
    return this.real.upsertSegment(linkedid, seg);
  }
}

it('merges patches the way the upsert does: earliest instants, largest seconds, latest values, longest IVR path', () => {
  const a: CallRecordPatch = { startedAt: '2026-11-22T10:00:05Z', waitSeconds: 3, queue: 'hotline', ivrPath: 'welcome>menu:0', ivrVerified: true };
  const b: CallRecordPatch = { startedAt: '2026-11-22T10:00:01Z', waitSeconds: 2, queue: 'complaints', ivrPath: 'welcome', ivrVerified: false, outcome: 'answered' };
  expect(mergePatch(a, b)).toEqual({ startedAt: '2026-11-22T10:00:01Z', waitSeconds: 3, queue: 'complaints', ivrPath: 'welcome>menu:0', ivrVerified: true, outcome: 'answered' });
});

describeEachDb('DurableCallWriter on the real call records', (ctx) => {
  it('buffers while the database is down and writes everything, once, when it is back', async () => {
    const store = new FlakyStore(new CallRecordService(ctx.ds));
    const writer = new DurableCallWriter(store, { retryDelaysMs: [20, 40], coalesceMs: 0 });
    store.down = true;
    const id = `dw-${ctx.kind}-1`;
    writer.write(id, { direction: 'inbound', caller: '13800138000', startedAt: '2026-11-22T10:00:00Z', dialed: '96607' });
    writer.write(id, { queue: 'hotline', queuedAt: '2026-11-22T10:00:02Z' });
    writer.write(id, { answeredAt: '2026-11-22T10:00:10Z', waitSeconds: 8 });
    writer.attachRecording(id, { filePath: `/rec/${id}.wav`, startedAt: '2026-11-22T10:00:10Z' });
    writer.write(id, { endedAt: '2026-11-22T10:01:10Z', talkSeconds: 60, outcome: 'answered', hangupBy: 'caller' });
    // retried while down (waited for, not slept for: a loaded machine runs the timers late)
    await vi.waitFor(() => expect(writer.failures).toBeGreaterThan(1), { timeout: 10_000, interval: 10 });
    expect(writer.depth).toBe(1);
    store.down = false;
    expect(await writer.flush(3000)).toBe(true);
    const rec = await new CallRecordService(ctx.ds).getByLinkedid(id);
    expect(rec).toMatchObject({
      callerMasked: '138****8000', queue: 'hotline', waitSeconds: 8, talkSeconds: 60, outcome: 'answered', hangupBy: 'caller',
      startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:01:10.000Z',
    });
    expect(rec.recording?.callId).toBe(id);
    expect((await new CallRecordService(ctx.ds).list({ phone: '13800138000' })).items.filter((c) => c.callId === id)).toHaveLength(1);
    writer.close();
  });

  it('merges the facts of a call that arrive close together into one write', async () => {
    const store = new FlakyStore(new CallRecordService(ctx.ds));
    const writer = new DurableCallWriter(store, { coalesceMs: 50 });
    const id = `dw-${ctx.kind}-merged`;
    writer.write(id, { direction: 'inbound', startedAt: '2026-11-22T12:00:00Z' });
    writer.write(id, { queue: 'hotline', queuedAt: '2026-11-22T12:00:01Z' });
    writer.write(id, { answeredAt: '2026-11-22T12:00:05Z', waitSeconds: 4 });
    expect(await writer.flush(3000)).toBe(true);
    expect(store.attempts).toBe(1);
    expect(await new CallRecordService(ctx.ds).getByLinkedid(id)).toMatchObject({ queue: 'hotline', waitSeconds: 4, answeredAt: '2026-11-22T12:00:05.000Z' });
    writer.close();
  });

  it('keeps writing other calls while one keeps failing, and nothing is written after close()', async () => {
    const store = new FlakyStore(new CallRecordService(ctx.ds));
    const writer = new DurableCallWriter(store, { retryDelaysMs: [10], coalesceMs: 0 });
    const stuck = `dw-${ctx.kind}-stuck`;
    store.failing.add(stuck);
    writer.write(stuck, { startedAt: '2026-11-22T11:00:00Z', direction: 'inbound' });
    for (let i = 0; i < 20; i++) writer.write(`dw-${ctx.kind}-many-${i}`, { startedAt: '2026-11-22T11:00:00Z', direction: 'inbound' });
    await vi.waitFor(() => expect(writer.writes).toBe(20), { timeout: 10_000, interval: 10 });
    expect(writer.depth).toBe(1);
    expect(await writer.flush(50)).toBe(false);
    expect(writer.depth).toBe(1);
    store.failing.delete(stuck);
    expect(await writer.flush(3000)).toBe(true);
    expect((await new CallRecordService(ctx.ds).getByLinkedid(stuck)).callId).toBe(stuck);
    writer.close();
    writer.write(`dw-${ctx.kind}-late`, { startedAt: '2026-11-22T11:00:00Z' });
    expect(writer.depth).toBe(0);
    await expect(new CallRecordService(ctx.ds).getByLinkedid(`dw-${ctx.kind}-late`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describeEachDb('DurableCallWriter on a standby bridge (HA)', (ctx) => {
  it('writes nothing while it does not own the AMI lease, keeps the facts merged, and writes them once it does', async () => {
    const store = new FlakyStore(new CallRecordService(ctx.ds));
    let owner = false;
    const writer = new DurableCallWriter(store, { coalesceMs: 0, mayWrite: () => owner });
    const id = `dw-ha-${ctx.kind}`;
    writer.write(id, { direction: 'inbound', caller: '13800138000', startedAt: '2026-11-22T10:00:00Z', dialed: '96607' });
    writer.write(id, { endedAt: '2026-11-22T10:01:00Z', outcome: 'abandoned' });
    await new Promise((r) => setImmediate(r));
    expect(store.attempts).toBe(0);
    expect(writer.depth).toBe(1);
    owner = true;
    writer.resume();
    expect(await writer.flush(5000)).toBe(true);
    expect(store.attempts).toBe(1);
    const rec = await new CallRecordService(ctx.ds).getByLinkedid(id);
    expect(rec).toMatchObject({ outcome: 'abandoned' });
    writer.close();
  });

  it('an owner that loses the lease between two statements of a call (paused mid-write) writes nothing more; the rest waits for ownership', async () => {
    const real = new CallRecordService(ctx.ds);
    let owner = true;
    let paused = false;
    const segments: string[] = [];
    // the lease runs out while the record's upsert is on its way (a process paused right there)
    const store: CallRecordStore = {
      upsert: async (id, p) => {
        const r = await real.upsert(id, p);
        if (!paused) {
          paused = true;
          owner = false;
        }
        return r;
      },
      upsertSegment: async (id, seg) => (segments.push(seg.ext), real.upsertSegment(id, seg)),
      attachRecording: (id, rec) => real.attachRecording(id, rec),
    };
    const writer = new DurableCallWriter(store, { coalesceMs: 0, mayWrite: () => owner });
    const id = `dw-fence-${ctx.kind}`;
    writer.write(id, { direction: 'inbound', caller: '13800138000', startedAt: '2026-11-22T10:00:00Z', answeredAt: '2026-11-22T10:00:10Z', dialed: '96607' });
    writer.segment(id, { ext: '8001', startedAt: '2026-11-22T10:00:05Z', answeredAt: '2026-11-22T10:00:10Z' });
    await vi.waitFor(() => expect(owner).toBe(false));
    await new Promise((r) => setImmediate(r));
    expect(segments).toEqual([]);
    expect(writer.depth).toBe(1);
    expect(writer.failures).toBe(0);
    // ownership back (or a new owner with these facts): written once
    owner = true;
    writer.resume();
    await vi.waitFor(() => expect(segments).toEqual(['8001']));
    writer.close();
  });
});
