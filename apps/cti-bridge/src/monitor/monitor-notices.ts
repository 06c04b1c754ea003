/** What the monitored agent's desk is told (MONITOR_ANNOUNCE), zh-CN first as every bridge message. */
import type { MonitorMode } from '@donorline/domain';

export function announcement(supervisor: string, what: MonitorMode | 'ended'): { level: 'info' | 'warning'; code: string; message: string } {
  switch (what) {
    case 'listen':
      return { level: 'info', code: 'MONITOR_LISTEN', message: `班长 ${supervisor} 正在监听本通话 / supervisor ${supervisor} is listening to this call` };
    case 'whisper':
      return { level: 'info', code: 'MONITOR_WHISPER', message: `班长 ${supervisor} 正在耳语，只有您能听到 / supervisor ${supervisor} is whispering: only you hear them` };
    case 'barge':
      return { level: 'warning', code: 'MONITOR_BARGE', message: `班长 ${supervisor} 已加入通话，来电人也能听到 / supervisor ${supervisor} joined the call: the caller hears them too` };
    case 'ended':
      return { level: 'info', code: 'MONITOR_ENDED', message: `班长 ${supervisor} 已结束监听 / supervisor ${supervisor} stopped monitoring` };
  }
}
