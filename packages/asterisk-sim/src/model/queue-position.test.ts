import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { joinIndex } from './apps/queue-app.js';

describe('Queue position (app_queue join_queue)', () => {
  const q = (...prios: number[]): Array<{ priority: number }> => prios.map((priority) => ({ priority }));

  it('without a position: behind every caller of the same or higher priority', () => {
    expect(joinIndex(q(0, 0, 0), 0, 0)).toBe(3);
    expect(joinIndex(q(10, 0, 0), 10, 0)).toBe(1);
  });

  it('with a position: at that place among callers of no higher priority', () => {
    expect(joinIndex(q(0, 0, 0), 0, 2)).toBe(1);
    expect(joinIndex(q(0, 0, 0), 0, 1)).toBe(0);
    expect(joinIndex(q(0, 0), 0, 9)).toBe(2); // past the end: the end
  });

  it('never ahead of a higher priority; a higher priority still goes ahead of lower ones', () => {
    expect(joinIndex(q(10, 10, 0), 0, 1)).toBe(2);
    expect(joinIndex(q(0, 0, 0), 10, 3)).toBe(0);
  });
});

describe('the account manager step keeps the caller’s place (donorline dialplan [dl-queue])', () => {
  it('a caller whose manager did not answer joins behind those who waited before, ahead of those who came during the ring', async () => {
    const sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.05, recordingsDir: mkdtempSync(join(tmpdir(), 'rec-')), speech: false });
    try {
      const joined: Array<{ linkedid: string; position: number }> = [];
      sim.events.on('queue:join', (e: { queue: string; linkedid: string; position: number }) => {
        if (e.queue === 'hotline') joined.push(e);
      });
      // nobody in the queue answers: everyone waits
      const first = sim.placeCall({ from: '13800000001', to: '96607' });
      await sim.waitFor('queue:join', (e: { linkedid: string }) => e.linkedid === first.linkedid, 5000);
      // the account manager's phone rings and is not answered within DL_PREFERRED_SECS
      const manager = sim.device('8005');
      manager.setAutoAnswer(null);
      const ringing = sim.waitFor('device:ringing', (e: { ext: string }) => e.ext === '8005', 5000);
      const mine = sim.placeCall({ from: '13800000002', to: '96607', variables: { DL_PREFERRED_AGENT: '8005', DL_PREFERRED_SECS: '4', DL_PRIORITY: '0' } });
      await ringing;
      // meanwhile another caller arrives and joins the queue
      const later = sim.placeCall({ from: '13800000003', to: '96607' });
      await sim.waitFor('queue:join', (e: { linkedid: string }) => e.linkedid === later.linkedid, 5000);
      const back = await sim.waitFor<{ linkedid: string; position: number }>('queue:join', (e) => e.linkedid === mine.linkedid, 10_000);
      expect(back.position).toBe(2);
      expect(joined.map((j) => j.linkedid)).toEqual([first.linkedid, later.linkedid, mine.linkedid]);
      const order = sim.services.queues.get('hotline')!.entries.map((e) => e.ch.linkedid);
      expect(order).toEqual([first.linkedid, mine.linkedid, later.linkedid]);
    } finally {
      await sim.stop();
    }
  }, 30_000);
});
