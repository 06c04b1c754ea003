import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CallRecordService } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { CallEvent } from '../pbx/pbx-events.js';
import { callJournal, localRecordingPath } from './call-journal.js';
import { CallRegistry } from './call-registry.js';
import { DurableCallWriter } from './durable-writer.js';

it('maps the PBX monitor path onto the bridge\'s recordings dir (date folders kept), nothing outside it', () => {
  const dirs = { recordingsDir: '/data/recordings', pbxRecordingsDir: '/var/spool/asterisk/monitor' };
  expect(localRecordingPath('/var/spool/asterisk/monitor/20261122/1.0-queue-1.3.wav', dirs)).toBe(path.resolve('/data/recordings/20261122/1.0-queue-1.3.wav'));
  expect(localRecordingPath('/data/recordings/20261122/a.wav', dirs)).toBe(path.resolve('/data/recordings/20261122/a.wav'));
  expect(localRecordingPath('/var/spool/asterisk/other/a.wav', dirs)).toBeNull();
});

describeEachDb('call journal: recordings linked per recorded leg', (ctx) => {
  it('links each leg\'s file to the call record when it starts and measures it (through RECORDINGS_PBX_DIR) when it stops', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dl-journal-'));
    try {
      const calls = new CallRecordService(ctx.ds);
      const writer = new DurableCallWriter(calls, { coalesceMs: 0 });
      const reg = new CallRegistry({ phone: { defaultAreaCode: '0532' } });
      reg.onChange(callJournal({ writer, agentIdOf: () => null, recordingDirs: { recordingsDir: dir, pbxRecordingsDir: '/var/spool/asterisk/monitor' }, settleMs: 30 }));
      const id = `journal-${ctx.kind}-${Date.now()}`;
      let t = Date.parse('2026-11-22T10:00:00Z');
      const ev = (e: Record<string, unknown>): void => reg.apply({ callId: id, at: (t += 1000), ...e } as CallEvent);
      const pbxFile = (leg: string): string => `/var/spool/asterisk/monitor/20261122/${id}-${leg}.wav`;
      // the files as MixMonitor leaves them: 44-byte header + 16,000 bytes a second
      mkdirSync(path.join(dir, '20261122'), { recursive: true });
      writeFileSync(path.join(dir, '20261122', `${id}-queue-a.wav`), Buffer.alloc(44 + 16_000 * 5));
      writeFileSync(path.join(dir, '20261122', `${id}-transfer-b.wav`), Buffer.alloc(44 + 16_000 * 2));

      ev({ type: 'call.started', direction: 'inbound', caller: { number: '13800138000', name: null }, dialed: '96607', agentExt: null });
      ev({ type: 'call.answered', agentExt: '8001', queue: 'hotline' });
      ev({ type: 'call.recording', key: 'a', file: pbxFile('queue-a'), active: true, paused: false, agentExt: '8001' });
      ev({ type: 'call.recording', key: 'a', file: pbxFile('queue-a'), active: true, paused: true, agentExt: '8001' });
      ev({ type: 'call.recording', key: 'b', file: pbxFile('transfer-b'), active: true, paused: false, agentExt: '8002' });
      ev({ type: 'call.recording', key: 'a', file: pbxFile('queue-a'), active: false, paused: false, agentExt: '8001' });
      ev({ type: 'call.ended', cause: 16, causeText: 'Normal Clearing', hangupBy: 'caller' });
      await new Promise((r) => setTimeout(r, 150));
      expect(await writer.flush(3000)).toBe(true);
      const rows = (await ctx.ds.query(
        'SELECT r.file_path, r.duration_seconds, r.size_bytes FROM recording r JOIN call_record c ON c.id = r.call_record_id WHERE c.linkedid = ? ORDER BY r.id',
        [id],
      )) as Array<{ file_path: string; duration_seconds: number; size_bytes: number }>;
      // the PBX's own path is stored (the IVR replays it on Asterisk); sizes measured on the bridge's side
      expect(rows.map((r) => [r.file_path, Number(r.duration_seconds), Number(r.size_bytes)])).toEqual([
        [pbxFile('queue-a'), 5, 44 + 16_000 * 5],
        [pbxFile('transfer-b'), 2, 44 + 16_000 * 2],
      ]);
      writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
