import { statSync } from 'node:fs';
import path from 'node:path';
import type { CallChange } from './call-state.js';
import type { DurableCallWriter } from './durable-writer.js';
import type { LiveCall } from './live-call.js';
import { patchFor } from './record-patches.js';

export interface CallJournalOptions {
  writer: DurableCallWriter;
  /** The user seated at an extension (the record names the agent, not the phone). */
  agentIdOf(ext: string): number | null;
  /** Where the bridge finds the PBX's recording files (same volume), for size and duration. */
  recordingsDir?: string;
  /** When to measure a stopped recording again (default 2000 ms). */
  settleMs?: number;
}

/** WAV, 8 kHz 16-bit mono as MixMonitor writes it: 16,000 bytes a second after the 44-byte header. */
function fileFacts(file: string, dir: string | undefined): { sizeBytes: number; durationSeconds: number } | null {
  const candidates = [file, ...(dir ? [path.join(dir, path.basename(file))] : [])];
  for (const c of candidates) {
    try {
      const st = statSync(c);
      if (st.isFile()) return { sizeBytes: st.size, durationSeconds: Math.max(0, (st.size - 44) / 16_000) };
    } catch {
      /* not here */
    }
  }
  return null;
}

/**
 * Every change of a live call becomes a durable fact of its record (upsert on Linkedid through the buffered writer),
 * recordings are linked to the call when they start and completed (size, duration) when they stop.
 */
export function callJournal(o: CallJournalOptions): (call: LiveCall, change: CallChange) => void {
  return (call, change) => {
    const patch = patchFor(call, change);
    if (patch) {
      if (change.kind === 'answered' && call.agentExt) {
        const agentId = o.agentIdOf(call.agentExt);
        if (agentId !== null) patch.agentId = agentId;
      }
      o.writer.write(call.callId, patch);
    }
    if (change.kind === 'recording' || (change.kind === 'ended' && call.recording?.file)) {
      const rec = call.recording;
      if (!rec?.file) return;
      const file = rec.file;
      const startedAt = new Date(rec.startedAt ?? change.at);
      const attach = (withFacts: boolean): void => {
        const facts = withFacts ? fileFacts(file, o.recordingsDir) : null;
        o.writer.attachRecording(call.callId, { filePath: file, format: 'wav', startedAt, ...(facts ? { sizeBytes: facts.sizeBytes, durationSeconds: facts.durationSeconds } : {}) });
      };
      attach(!rec.active);
      // Asterisk closes the file just after the hangup: measure it again once it is complete
      if (!rec.active) setTimeout(() => attach(true), o.settleMs ?? 2000).unref();
    }
  };
}
