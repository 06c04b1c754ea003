import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { defaultConfigDir } from './profiles.js';

/** A donorline-like config with one queue of the given strategy. */
function configWith(strategy: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sim-conf-'));
  copyFileSync(join(defaultConfigDir('donorline'), 'extensions.conf'), join(dir, 'extensions.conf'));
  writeFileSync(join(dir, 'queues.conf'), `[general]\npersistentmembers = no\n\n[hotline]\nstrategy = ${strategy}\ntimeout = 15\nretry = 1\nringinuse = no\n`);
  return dir;
}

async function ringOrder(strategy: string, calls: number, prepare?: (s: Awaited<ReturnType<typeof startSimulator>>) => void): Promise<string[]> {
  const sim = await startSimulator({ configDir: configWith(strategy), amiPort: 0, ariPort: 0, timeScale: 0.01, recordingsDir: mkdtempSync(join(tmpdir(), 'rec-')), speech: false });
  try {
    for (const ext of ['8001', '8002', '8003']) sim.services.queues.add('hotline', `PJSIP/${ext}`, {});
    prepare?.(sim);
    const order: string[] = [];
    sim.events.on('device:ringing', (e: { ext: string }) => {
      order.push(e.ext);
      setTimeout(() => sim.device(e.ext).answer(), 1);
    });
    for (let i = 0; i < calls; i++) {
      const c = sim.placeCall({ from: `1380000000${i}`, to: '96607', talkMs: 100 });
      await sim.waitFor('call:ended', (e: { callId: string }) => e.callId === c.callId, 3000);
    }
    return order;
  } finally {
    await sim.stop();
  }
}

describe('queue strategies', () => {
  it('rrmemory goes round the members, remembering where it stopped', async () => {
    expect(await ringOrder('rrmemory', 4)).toEqual(['8001', '8002', '8003', '8001']);
  });

  it('leastrecent offers the call to the member whose last call ended longest ago', async () => {
    const order = await ringOrder('leastrecent', 3, (sim) => {
      const ms = sim.services.queues.get('hotline')!.members;
      ms[0]!.lastCall = 300;
      ms[1]!.lastCall = 100;
      ms[2]!.lastCall = 200;
    });
    expect(order).toEqual(['8002', '8003', '8001']);
  });

  it('linear always starts with the first member', async () => {
    expect(await ringOrder('linear', 3)).toEqual(['8001', '8001', '8001']);
  });
});
