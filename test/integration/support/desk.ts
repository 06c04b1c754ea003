/** A desk as the bridge sees it: a socket.io-client connection with the JWT, speaking the typed contract. */
import { io, type Socket } from 'socket.io-client';
import type { Ack, AgentSession, CallUpdate, ClientToServerEvents, DeviceStatus, ScreenPop, ServerToClientEvents } from '@donorline/domain';
import { until } from './harness.js';

type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

export class CommandFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export class Desk {
  readonly pops: ScreenPop[] = [];
  readonly updates: CallUpdate[] = [];
  readonly sessions: AgentSession[] = [];
  readonly notices: Array<{ code: string; message: string }> = [];
  readonly devices: DeviceStatus[] = [];
  replaced: { at: string; by: string } | null = null;
  /** Whether to acknowledge pops (the desk does once the card is on screen). */
  ackPops = true;

  private constructor(readonly socket: DeskSocket) {
    socket.on('pop:show', (pop, ack) => {
      this.pops.push(pop);
      if (this.ackPops) ack({ popId: pop.popId });
    });
    socket.on('call:updated', (u) => this.updates.push(u));
    socket.on('session:state', (s) => this.sessions.push(s));
    socket.on('session:replaced', (r) => (this.replaced = r));
    socket.on('notice', (n) => this.notices.push(n));
    socket.on('device:status', (s) => this.devices.push(s));
  }

  static connect(baseUrl: string, token: string, timeoutMs = 5000): Promise<Desk> {
    const socket: DeskSocket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const desk = new Desk(socket);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket connect timeout')), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(t);
        resolve(desk);
      });
      socket.once('connect_error', (e) => {
        clearTimeout(t);
        socket.close();
        reject(e);
      });
    });
  }

  get session(): AgentSession | undefined {
    return this.sessions.at(-1);
  }

  async ack<E extends keyof ClientToServerEvents>(name: E, payload: Payload<E>): Promise<Ack<AckData<E>>> {
    const s = this.socket.timeout(8000) as unknown as { emitWithAck(ev: string, p: unknown): Promise<Ack<AckData<E>>> };
    return s.emitWithAck(name, payload);
  }

  async command<E extends keyof ClientToServerEvents>(name: E, payload: Payload<E>): Promise<AckData<E>> {
    const r = await this.ack(name, payload);
    if (!r.ok) throw new CommandFailed(r.error.code, r.error.message);
    return r.data;
  }

  waitPop(pred: (p: ScreenPop) => boolean = () => true, timeoutMs = 8000): Promise<ScreenPop> {
    return until(() => this.pops.find(pred), timeoutMs, 'a pop');
  }

  /** The first update matching `pred` — of those received since `from` (an index into `updates`, default all). */
  waitUpdate(pred: (u: CallUpdate) => boolean, timeoutMs = 8000, from = 0): Promise<CallUpdate> {
    return until(() => this.updates.slice(from).find(pred), timeoutMs, 'a call update');
  }

  /** The first device status matching `pred` of those received since `from` (an index into `devices`). */
  waitDevice(pred: (s: DeviceStatus) => boolean, timeoutMs = 8000, from = 0): Promise<DeviceStatus> {
    return until(() => this.devices.slice(from).find(pred), timeoutMs, 'a device status');
  }

  waitSession(pred: (s: AgentSession) => boolean, timeoutMs = 5000): Promise<AgentSession> {
    return until(() => {
      const s = this.session;
      return s && pred(s) ? s : undefined;
    }, timeoutMs, 'a session state');
  }

  /** Drop the connection and come back (a network blip): a fresh socket with the same token. */
  async reconnect(): Promise<void> {
    this.socket.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    this.socket.connect();
    await until(() => this.socket.connected, 5000, 'socket reconnect');
  }

  close(): void {
    this.socket.close();
  }
}
