/**
 * app_chanspy's `ChanSpy([chanprefix][,options])` as the donorline dialplan uses it ([dl-spy]): the running channel
 * (the spyer: a supervisor's phone) attaches to the first other channel whose name starts with `chanprefix` (case
 * insensitive, as Asterisk's channel iterator by name prefix) and listens, whispers (`w`) or barges (`B`).
 *
 * What a real Asterisk 22 shows over AMI, and so this model:
 *  - `ChanSpyStart` (class call) with the Spyer… and Spyee… channel snapshots once the audiohooks are attached;
 *  - `ChanSpyStop` when spying ends — always with the Spyee… block, also after the spyee hung up (ChanSpy keeps
 *    its reference: captured on a real Asterisk 22.10.1, option E, Local channels — the spyee's Hangup comes first);
 *  - no event for a mode change: option `d` makes DTMF 4 / 5 / 6 on the spyer switch to spy / whisper / barge (the
 *    DTMFBegin/End of the digit, e.g. from AMI PlayDTMF with Receive: true, is all there is to see).
 * Options modelled: q (no beep: nothing to model), b (only bridged channels), B, w, d, E (leave when the spyee hangs
 * up), S (leave when no channel matches). Without S a missing spyee is looked for again every second, as ChanSpy
 * does. The audio itself is not simulated; the mode is observable through the simulator's observer ('chanspy').
 */
import { STATE, type Channel } from '../channel.js';
import { splitArgs } from '../expressions.js';
import type { DialplanApp, SimServices } from '../services.js';

export type SpyMode = 'spy' | 'whisper' | 'barge';

export interface ChanSpyInfo {
  spyer: string;
  spyee: string;
  mode: SpyMode;
  state: 'started' | 'mode' | 'stopped';
}

/** Option letters of ChanSpy; letters followed by `(…)` carry an argument that is skipped here. */
export function parseSpyOptions(options: string): Set<string> {
  const out = new Set<string>();
  const s = options.replace(/\([^)]*\)/g, '');
  for (const c of s) out.add(c);
  return out;
}

/** The mode ChanSpy starts in: B wins over w (barge includes talking to the agent). */
export function initialMode(opts: ReadonlySet<string>): SpyMode {
  if (opts.has('B')) return 'barge';
  if (opts.has('w') || opts.has('W')) return 'whisper';
  return 'spy';
}

const DTMF_MODES: Record<string, SpyMode> = { '4': 'spy', '5': 'whisper', '6': 'barge' };

function findSpyee(sim: SimServices, spyer: Channel, prefix: string, bridgedOnly: boolean): Channel | undefined {
  const p = prefix.toLowerCase();
  for (const ch of sim.engine.channels.values()) {
    if (ch === spyer || ch.hungUp || !ch.name.toLowerCase().startsWith(p)) continue;
    if (bridgedOnly && !ch.bridge) continue;
    return ch;
  }
  return undefined;
}

export const chanSpyApp: DialplanApp = async (sim, ch, data) => {
  const [prefix = '', options = ''] = splitArgs(data).map((s) => s.trim());
  const opts = parseSpyOptions(options);
  const engine = sim.engine;
  if (ch.state !== STATE.Up) engine.answer(ch);
  let spyee = findSpyee(sim, ch, prefix, opts.has('b'));
  while (!spyee) {
    if (opts.has('S')) return 0;
    const r = await engine.wait(ch, 1000);
    if (r === 'hangup') return -1;
    if (r === 'goto') return 0;
    spyee = findSpyee(sim, ch, prefix, opts.has('b'));
  }
  const target = spyee;
  let mode = initialMode(opts);
  const tell = (state: ChanSpyInfo['state']): void => {
    sim.observer.emit('chanspy', { spyer: ch.name, spyee: target.name, mode, state } satisfies ChanSpyInfo);
  };
  ch.setData('chanspy', { spyee: target.name, mode });
  engine.emit({ t: 'ChanSpyStart', spyer: ch, spyee: target });
  tell('started');

  const handlers = ch.data<Array<(d: string) => void>>('dtmfHandlers') ?? [];
  const onDigit = (d: string): void => {
    const next = DTMF_MODES[d];
    if (!opts.has('d') || !next || next === mode) return;
    mode = next;
    ch.setData('chanspy', { spyee: target.name, mode });
    tell('mode');
  };
  handlers.push(onDigit);
  ch.setData('dtmfHandlers', handlers);

  // spying lasts until the spyer hangs up (or is redirected) or the spyee goes
  let spyeeGone = target.hungUp;
  const wakeSpyer = (): void => {
    spyeeGone = true;
    ch.wake('signal');
  };
  if (!spyeeGone) engine.onGone(target, wakeSpyer);
  let result: 'timeout' | 'hangup' | 'goto' | 'signal' = 'signal';
  while (!spyeeGone) {
    result = await engine.wait(ch, 3_600_000);
    if (result === 'hangup' || result === 'goto') break;
  }
  const i = handlers.indexOf(onDigit);
  if (i >= 0) handlers.splice(i, 1);
  ch.setData('chanspy', undefined);
  engine.emit({ t: 'ChanSpyStop', spyer: ch, spyee: target });
  tell('stopped');
  if (result === 'hangup') return -1;
  // E: out of ChanSpy when the spyee hung up; without E ChanSpy would scan again — the dialplan ends the leg anyway
  return 0;
};

/** For tests and the control API: the mode a spyer channel is in, or null when it is not spying. */
export function spyStateOf(ch: Channel): { spyee: string; mode: SpyMode } | null {
  return ch.data<{ spyee: string; mode: SpyMode }>('chanspy') ?? null;
}
