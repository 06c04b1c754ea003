import { silentLogger, type Logger } from '../logger.js';
import { recordingFileName } from './call-control.js';
import type { CallChange } from './call-state.js';
import { deskRecording, type LiveCall } from './live-call.js';

/**
 * RECORDING_MODE=ami only (the default records in the dialplan): an answered call whose agent has no running
 * recording a moment later (`graceMs`, default 1 s — the dialplan's MixMonitor of a Dial'd leg is reported just after
 * the answer) gets MixMonitor started over AMI on the caller's leg. That action needs the `system` AMI class.
 */
export function recordAnsweredCalls(o: { start(callId: string, file: string): Promise<void>; enabled: boolean; graceMs?: number; logger?: Logger }): (call: LiveCall, change: CallChange) => void {
  const log = o.logger ?? silentLogger;
  return (call, change) => {
    if (!o.enabled || change.kind !== 'answered' || !change.ext) return;
    const ext = change.ext;
    setTimeout(() => {
      if (call.state === 'ended' || call.agentExt !== ext || deskRecording(call, ext)?.active) return;
      o.start(call.callId, recordingFileName(call)).catch((e: Error) => log.warn({ err: e.message, callId: call.callId }, 'could not start recording over AMI'));
    }, o.graceMs ?? 1000).unref();
  };
}
