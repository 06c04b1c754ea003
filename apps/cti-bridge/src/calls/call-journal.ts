import { statSync } from 'node:fs';
import path from 'node:path';
import { resolveRecordingFile, type RecordingDirs } from '../http/recording-files.js';
import type { CallChange } from './call-state.js';
import type { DurableCallWriter } from './durable-writer.js';
import type { LiveCall } from './live-call.js';
import { segmentTalkSeconds } from '@donorline/domain';
import type { SegmentPatch } from '@donorline/domain/node';
import { patchFor } from './record-patches.js';

export interface CallJournalOptions {
  writer: DurableCallWriter;
  /** The user seated at an extension (the record names the agent, not the phone). */
  agentIdOf(ext: string): number | null;
  /**
   * Where the bridge finds the PBX's recording files for size and duration: the PBX reports its own path (under
   * RECORDINGS_PBX_DIR, e.g. /var/spool/asterisk/monitor/20261122/….wav), read here under RECORDINGS_DIR.
   */
  recordingDirs?: RecordingDirs;
  /** When to measure a stopped recording again (default 2000 ms). */
  settleMs?: number;
}

/** The bridge's own path of a file the PBX reported (null when it is outside the recordings volume). */
export function localRecordingPath(file: string, dirs: RecordingDirs): string | null {
  const r = resolveRecordingFile(file, dirs);
  return r ? path.join(r.root, r.rel) : null;
}

/** WAV, 8 kHz 16-bit mono as MixMonitor writes it: 16,000 bytes a second after the 44-byte header. */
function fileFacts(file: string, dirs: RecordingDirs | undefined): { sizeBytes: number; durationSeconds: number } | null {
  const local = dirs ? localRecordingPath(file, dirs) : file;
  if (!local) return null;
  try {
    const st = statSync(local);
    if (st.isFile()) return { sizeBytes: st.size, durationSeconds: Math.max(0, (st.size - 44) / 16_000) };
  } catch {
    /* not (yet) there */
  }
  return null;
}

/**
 * Every change of a live call becomes a durable fact of its record (upsert on Linkedid through the buffered writer),
 * recordings — one per recorded leg, whoever started them — are linked to the call when they start (the PBX's path
 * from MIXMONITOR_FILENAME) and completed (size, duration) when they stop or the call ends.
 */
/** One agent's segment as the live call knows it now (who, from–to, talk/hold, why it ended). */
function segmentOf(call: LiveCall, ext: string, agentId: number | null): SegmentPatch | null {
  const l = call.legs.get(ext);
  if (!l || l.answeredAt === null) return null;
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    ext, agentId, queue: l.queue ?? call.queue, startedAt: iso(l.ringingAt ?? l.answeredAt), answeredAt: iso(l.answeredAt), endedAt: iso(l.endedAt),
    holdSeconds: l.holdMs / 1000, talkSeconds: l.endedAt !== null ? segmentTalkSeconds(l.answeredAt, l.endedAt, l.holdMs) : null,
    endReason: l.endedAt !== null || call.state === 'ended' ? l.endReason : l.endReason?.startsWith('transferred') ? l.endReason : null,
  };
}

/** The extensions whose segment a change touches. */
function segmentExts(call: LiveCall, change: CallChange): string[] {
  switch (change.kind) {
    case 'answered':
      return change.ext ? [change.ext] : [];
    case 'agent-left':
      return [change.ext];
    case 'transferred':
      return [change.ext ?? '', ...[...call.legs.values()].filter((l) => l.endReason?.startsWith('transferred')).map((l) => l.ext)].filter(Boolean);
    case 'held':
      return call.agentExt ? [call.agentExt] : [];
    case 'ended':
      return [...call.legs.values()].filter((l) => l.answeredAt !== null).map((l) => l.ext);
    default:
      return [];
  }
}

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
    for (const ext of new Set(segmentExts(call, change))) {
      const seg = segmentOf(call, ext, o.agentIdOf(ext));
      if (seg) o.writer.segment(call.callId, seg);
    }
    if (change.kind !== 'recording' && change.kind !== 'ended') return;
    const recs = change.kind === 'recording' ? [call.recordings.get(change.key)] : [...call.recordings.values()];
    for (const rec of recs) {
      if (!rec?.file) continue;
      const file = rec.file;
      // the leg's agent: the agent's own leg, else (the donor's side of a click-to-dial) the agent on the call
      const legExt = rec.agentExt ?? call.originator ?? call.agentExt ?? [...call.legs.values()].find((l) => l.answeredAt !== null)?.ext ?? null;
      const startedAt = new Date(rec.startedAt ?? change.at);
      const attach = (withFacts: boolean): void => {
        const facts = withFacts ? fileFacts(file, o.recordingDirs) : null;
        o.writer.attachRecording(call.callId, {
          filePath: file, format: 'wav', startedAt, agentExtension: legExt, agentId: legExt ? o.agentIdOf(legExt) : null,
          ...(facts ? { sizeBytes: facts.sizeBytes, durationSeconds: facts.durationSeconds } : {}),
        });
      };
      attach(!rec.active);
      // Asterisk closes the file just after the hangup: measure it again once it is complete
      if (!rec.active) setTimeout(() => attach(true), o.settleMs ?? 2000).unref();
    }
  };
}
