/**
 * The Stasis application: StasisStart → an AriChannel and a running flow (picked by the Stasis arguments);
 * every later event of that channel (DTMF, playback and recording events, hang-up) goes to it. One registry of
 * live calls, cleaned when each call's flow settles.
 *
 * After the event socket reconnects (or when the IVR starts while calls are parked in Stasis), channels are
 * re-adopted: calls we still run resume (lost playback/recording ends are settled by asking the PBX); channels in
 * our application that no flow owns get an apology and an agent; tracked channels that vanished are cancelled.
 */
import type { AriConnection, AriEvent } from '../ari/ari-connection.js';
import { AriChannel, type AriChannelJson } from './ari-channel.js';
import { startCall, type CallOutcome, type CallRunnerDeps, type RunningCall } from './call-runner.js';
import { errorInfo } from './logger.js';

export interface DispatcherOptions extends CallRunnerDeps {
  app: string;
  /** Flow name for channels found in Stasis that no flow owns (after a restart or a long outage). */
  adoptFlow: string;
  /** Told when a call settles (metrics, tests). */
  onCallEnd?: (callId: string, outcome: CallOutcome) => void;
}

interface LiveCall {
  channel: AriChannel;
  running: RunningCall;
}

interface ChannelListItem extends AriChannelJson {
  dialplan?: { app_name?: string; app_data?: string };
}

function channelIdOf(e: AriEvent): string | null {
  const ch = e.channel as { id?: string } | undefined;
  if (ch?.id) return ch.id;
  const target = ((e.playback ?? e.recording) as { target_uri?: string } | undefined)?.target_uri;
  return target?.startsWith('channel:') ? target.slice('channel:'.length) : null;
}

export class StasisDispatcher {
  private readonly calls = new Map<string, LiveCall>();
  private readonly settled = new Set<Promise<CallOutcome>>();
  private readonly onEvent = (e: AriEvent): void => this.dispatch(e);
  private readonly onReconnect = (): void => void this.readopt();

  constructor(
    private readonly conn: AriConnection,
    private readonly opts: DispatcherOptions,
  ) {
    conn.on('event', this.onEvent);
    conn.on('reconnected', this.onReconnect);
  }

  get liveCalls(): number {
    return this.calls.size;
  }

  private dispatch(e: AriEvent): void {
    if (e.application && e.application !== this.opts.app) return;
    if (e.type === 'StasisStart') {
      const json = e.channel as AriChannelJson;
      const args = Array.isArray(e.args) ? (e.args as string[]) : [];
      this.begin(json, args);
      return;
    }
    const id = channelIdOf(e);
    if (id) this.calls.get(id)?.channel.handle(e);
  }

  private begin(json: AriChannelJson, args: readonly string[]): void {
    const prev = this.calls.get(json.id);
    if (prev && !prev.channel.handedOff) return; // already ours (a duplicate StasisStart)
    const channel = new AriChannel(this.conn, json);
    let running: RunningCall;
    try {
      running = startCall(channel, args, this.opts);
    } catch (e) {
      this.opts.log.error({ callId: json.id, ...errorInfo(e) }, 'cannot start a flow; hanging up');
      void channel.hangup().catch(() => undefined);
      return;
    }
    const live = { channel, running };
    this.calls.set(json.id, live);
    const done = running.done.then(
      (outcome) => {
        if (this.calls.get(json.id) === live) this.calls.delete(json.id);
        this.opts.onCallEnd?.(json.id, outcome);
        return outcome;
      },
      (e: unknown) => {
        if (this.calls.get(json.id) === live) this.calls.delete(json.id);
        this.opts.log.error({ callId: json.id, ...errorInfo(e) }, 'call runner failed');
        return 'failed' as CallOutcome;
      },
    );
    this.settled.add(done);
    void done.finally(() => this.settled.delete(done));
  }

  /** Reconciles our registry with the channels the PBX has in our application. */
  async readopt(): Promise<{ resumed: number; adopted: number; vanished: number }> {
    let list: ChannelListItem[];
    try {
      list = (await this.conn.request('listChannels', (c) => c.channels.list())) as unknown as ChannelListItem[];
    } catch (e) {
      this.opts.log.warn(errorInfo(e), 're-adoption: cannot list channels');
      return { resumed: 0, adopted: 0, vanished: 0 };
    }
    const present = new Map(list.map((c) => [c.id, c]));
    let resumed = 0;
    let vanished = 0;
    let adopted = 0;
    for (const [id, call] of this.calls) {
      if (!present.has(id)) {
        vanished++;
        call.channel.markGone();
      } else if (!call.channel.gone) {
        resumed++;
        // make sure the channel's events come to us again (an application re-registered after a drop may start empty)
        await this.conn
          .request('subscribe', (c) => c.applications.subscribe({ applicationName: this.opts.app, eventSource: `channel:${id}` }))
          .catch((e: unknown) => this.opts.log.warn({ callId: id, ...errorInfo(e) }, 're-adoption: subscribe failed'));
        await call.channel.resync().catch(() => undefined);
      }
    }
    for (const ch of list) {
      if (this.calls.has(ch.id)) continue;
      const dp = ch.dialplan;
      const inOurApp = dp?.app_name === 'Stasis' && (dp.app_data === this.opts.app || dp.app_data?.startsWith(`${this.opts.app},`));
      if (!inOurApp) continue;
      adopted++;
      this.opts.log.info({ callId: ch.id }, 'adopting a channel left in Stasis');
      this.begin({ id: ch.id, caller: ch.caller }, [this.opts.adoptFlow]);
    }
    if (resumed + adopted + vanished > 0) this.opts.log.info({ resumed, adopted, vanished }, 're-adoption done');
    return { resumed, adopted, vanished };
  }

  /** Stops taking events; running calls are left to finish (or, when the process exits, to be adopted later). */
  detach(): void {
    this.conn.off('event', this.onEvent);
    this.conn.off('reconnected', this.onReconnect);
  }

  /** Resolves when every running call has settled (tests, graceful shutdown). */
  async drain(): Promise<void> {
    while (this.settled.size > 0) await Promise.allSettled([...this.settled]);
  }
}
