import { splitArgs } from '../expressions.js';
import type { DialplanApp } from '../services.js';
import type { RecordingService } from '../recording.js';

/** `MixMonitor(file[,options[,command]])` and `StopMixMonitor()` as dialplan applications. */
export function mixMonitorApps(recordings: RecordingService): Record<string, DialplanApp> {
  return {
    mixmonitor: async (_sim, ch, data) => {
      const [file = '', options = ''] = splitArgs(data);
      recordings.startMixMonitor(ch, file, options);
      return 0;
    },
    stopmixmonitor: async (_sim, ch) => {
      recordings.stopMixMonitor(ch);
      return 0;
    },
  };
}
