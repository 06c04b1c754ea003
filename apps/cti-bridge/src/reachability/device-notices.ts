/**
 * Tells the agent why calls do not reach them or cannot go out: the DeviceWatch's view of their phone and of the
 * carrier trunk goes to their desk as `device:status` (on connect, on seating, on every change), and a click-to-dial
 * the trunk refused becomes a notice on the desk of the agent who dialled.
 */
import type { DeviceStatus } from '@donorline/domain';
import type { AmiMessage } from '../ami/ami-message.js';
import type { Logger } from '../logger.js';
import { DeviceWatch, type Availability } from './device-watch.js';

export interface DeviceNoticeDeps {
  /** The PBX's AMI link: raw events, its (re)connections, list actions. */
  ami: {
    on(e: 'event', l: (m: AmiMessage) => void): unknown;
    on(e: 'connected', l: () => void): unknown;
    on(e: 'state', l: (s: string) => void): unknown;
    list(name: string): Promise<{ items: AmiMessage[] }>;
  };
  seats: { userAtExtension(ext: string): number | null; seatOf(userId: number): { ext: string } | null; seatedUsers(): number[] };
  /** The agent on the call (the click-to-dial's dialler). */
  agentOfCall(callId: string): string | null;
  push(userId: number, s: DeviceStatus): void;
  notice(userId: number, n: { level: 'info' | 'warning' | 'error'; code: string; message: string }): void;
  logger: Logger;
}

export class DeviceNotices {
  readonly watch: DeviceWatch;

  constructor(private readonly d: DeviceNoticeDeps) {
    this.watch = new DeviceWatch({
      phone: (ext) => {
        const userId = d.seats.userAtExtension(ext);
        if (userId !== null) d.push(userId, this.statusOf(userId));
      },
      trunk: (a) => {
        if (a === 'unavailable') d.logger.warn('the carrier trunk is unreachable (PJSIP/carrier UNAVAILABLE): calls out will fail');
        for (const userId of d.seats.seatedUsers()) d.push(userId, this.statusOf(userId));
      },
      trunkDialFailed: (callId, status) => {
        const ext = d.agentOfCall(callId);
        const userId = ext ? d.seats.userAtExtension(ext) : null;
        if (userId === null) return;
        d.notice(userId, {
          level: 'error',
          code: 'DIAL_TRUNK_UNAVAILABLE',
          message: `外呼失败：运营商线路不可用（${status}），请稍后再试或通知管理员 / the call could not go out: the carrier trunk is unavailable (${status}) — try again later or tell the administrator`,
        });
      },
    });
    d.ami.on('event', this.watch.handle);
    d.ami.on('connected', () => void this.snapshot());
    d.ami.on('state', (s) => {
      if (s === 'down') this.watch.forget();
    });
  }

  /** What the desk of this user shows: their seat's phone and the trunk. */
  statusOf(userId: number): DeviceStatus {
    const ext = this.d.seats.seatOf(userId)?.ext ?? null;
    const phone: Availability = ext ? this.watch.phone(ext) : 'unknown';
    return { extension: ext, phone, trunk: this.watch.trunk() };
  }

  /** A seat was taken: the agent learns at once if calls cannot reach that phone. */
  seated(ext: string): void {
    const userId = this.d.seats.userAtExtension(ext);
    if (userId !== null) this.d.push(userId, this.statusOf(userId));
  }

  private async snapshot(): Promise<void> {
    try {
      const list = await this.d.ami.list('DeviceStateList');
      this.watch.load(list.items);
    } catch (err) {
      this.d.logger.warn({ err }, 'DeviceStateList failed: phone availability follows DeviceStateChange events only');
    }
  }
}
