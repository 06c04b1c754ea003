import { silentLogger, type Logger } from '../logger.js';
import { recordingFileName } from './call-control.js';
import type { CallChange } from './call-state.js';
import type { LiveCall } from './live-call.js';

/**
 * Queue calls are recorded: when an agent answers a call that came through a queue, MixMonitor starts on the
 * caller's leg (the file name carries the queue and the callId; Asterisk reports the full path back).
 */
export function recordQueueCalls(o: { start(callId: string, file: string): Promise<void>; enabled: boolean; logger?: Logger }): (call: LiveCall, change: CallChange) => void {
  const log = o.logger ?? silentLogger;
  return (call, change) => {
    if (!o.enabled || change.kind !== 'answered' || call.direction !== 'inbound' || !call.queue || call.recording?.active) return;
    o.start(call.callId, recordingFileName(call)).catch((e: Error) => log.warn({ err: e.message, callId: call.callId }, 'could not start recording'));
  };
}
