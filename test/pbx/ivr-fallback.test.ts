/**
 * The two-IVR fallback of 96606 ([from-carrier], asterisk/extensions.conf) on a REAL Asterisk: Stasis(donorline-ivr),
 * on STASISSTATUS=FAILED Stasis(donorline-ivr-2), with neither the apology and the hotline queue. The caller is a
 * Local channel into [from-carrier]; the second IVR is an ARI WebSocket for the app donorline-ivr-2 with the IVR's
 * credentials (PBX_ARI_IVR_URL, default: PBX_ARI_URL's host with donorline-ivr and ARI_IVR_SECRET / PBX_ARI_IVR_SECRET).
 * Only runs with PBX_AMI_URL / PBX_ARI_URL (see pbx.test.ts) and when no real IVR is connected to donorline-ivr.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../apps/cti-bridge/src/ami/ami-client.js';
import type { AmiMessage } from '../../apps/cti-bridge/src/ami/ami-message.js';
import { AMI_URL, ARI_URL, CONFIGURED, amiOptions, amiUp, nextEvent, waitFor } from './support.js';

const IVR_SECRET = process.env.PBX_ARI_IVR_SECRET ?? process.env.ARI_IVR_SECRET;
const RUN = CONFIGURED && !!IVR_SECRET;
const WHY = 'set PBX_AMI_URL, PBX_ARI_URL and PBX_ARI_IVR_SECRET (the donorline-ivr ARI password) to run';
const CALLER = '13900000066';

describe.skipIf(!RUN)(`real Asterisk: 96606 falls back from donorline-ivr to donorline-ivr-2 to the queue${RUN ? '' : ` — skipped: ${WHY}`}`, () => {
  let ami: AmiClient;
  const base = (): string => {
    const u = new URL(ARI_URL!);
    return `${u.protocol}//${u.host}`;
  };
  const auth = (): string => `Basic ${Buffer.from(`donorline-ivr:${IVR_SECRET}`).toString('base64')}`;

  beforeAll(async () => {
    ami = new AmiClient(amiOptions(AMI_URL!));
    ami.start();
    await amiUp(ami);
    const apps = (await (await fetch(`${base()}/ari/applications`, { headers: { authorization: auth() } })).json()) as Array<{ name: string }>;
    // a running IVR would take the call: these tests are for a PBX where neither instance is connected
    expect(apps.map((a) => a.name).filter((n) => n.startsWith('donorline-ivr'))).toEqual([]);
  }, 20_000);

  afterAll(async () => {
    await ami?.stop();
  });

  /** A caller into 96606; resolves with the steps of the dialplan it ran until `until`, then hangs it up. */
  async function call96606(until: (e: AmiMessage) => boolean, what: string): Promise<{ steps: string[]; last: AmiMessage }> {
    const steps: string[] = [];
    let linkedid = '';
    const log = (e: AmiMessage): void => {
      if (e.event === 'Newexten' && e.h.context === 'from-carrier' && e.h.exten === '96606' && e.h.calleridnum === CALLER) linkedid ||= e.h.linkedid ?? '';
      if (e.event === 'Newexten' && linkedid && e.h.linkedid === linkedid) steps.push(`${e.h.application}(${e.h.appdata ?? ''})`);
      if (process.env.PBX_DEBUG && linkedid && e.h.linkedid === linkedid) console.log(Math.round(performance.now()), e.event, e.h.channel, e.h.application ?? e.h.variable ?? '');
      if (e.event === 'VarSet' && linkedid && e.h.linkedid === linkedid && e.h.variable === 'STASISSTATUS') steps.push(`STASISSTATUS=${e.h.value}`);
    };
    ami.on('event', log);
    const reached = nextEvent(ami, what, 15_000, (e) => !!linkedid && e.h.linkedid === linkedid && until(e));
    try {
      const o = ami.originate({ Channel: 'Local/96606@from-carrier', Application: 'Wait', Data: '30', CallerID: `"PBX test" <${CALLER}>`, Timeout: 10_000 }, { resultTimeoutMs: 20_000 });
      expect((await o.accepted).response).toBe('Success');
      const last = await reached;
      return { steps, last };
    } finally {
      ami.off('event', log);
      if (linkedid) {
        const all = await ami.list('CoreShowChannels');
        for (const c of all.items.filter((i) => i.h.linkedid === linkedid)) await ami.action('Hangup', { Channel: c.h.channel! }).catch(() => undefined);
      }
    }
  }

  it('no IVR connected: Stasis(donorline-ivr) FAILED → Stasis(donorline-ivr-2) FAILED → apology → hotline queue', async () => {
    const { steps, last } = await call96606((e) => e.event === 'QueueCallerJoin', 'QueueCallerJoin on hotline');
    expect(last.h.queue).toBe('hotline');
    if (process.env.PBX_DEBUG) console.log(steps.join('\n'));
    expect(steps.filter((s) => /^(Stasis\(|STASISSTATUS=.|Playback|Goto\(|Queue)/.test(s))).toEqual([
      'Stasis(donorline-ivr,inbound,96606)', 'STASISSTATUS=FAILED',
      'Stasis(donorline-ivr-2,inbound,96606)', 'STASISSTATUS=FAILED',
      'Playback(donorline/technical-problem)', 'Goto(dl-queue,hotline,1)', 'Queue(hotline,tTc,,,600,,dl-record,,)',
    ]);
  }, 30_000);

  it('only donorline-ivr-2 connected (ARI WebSocket, the IVR\'s credentials): the call reaches it with inbound,96606', async () => {
    const u = new URL(base());
    const ws = new WebSocket(`${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}/ari/events?app=donorline-ivr-2&subscribeAll=false`, { headers: { authorization: auth() } });
    try {
      await waitFor<void>('the ARI WebSocket', 10_000, (done) => {
        ws.once('open', () => done());
        return () => undefined;
      });
      const started = waitFor<{ args: string[]; channel: { id: string } }>('StasisStart on donorline-ivr-2', 15_000, (done) => {
        const on = (raw: WebSocket.RawData): void => {
          const m = JSON.parse(raw.toString()) as { type: string; application: string; args: string[]; channel: { id: string; caller: { number: string } } };
          if (m.type === 'StasisStart' && m.channel.caller.number === CALLER) done({ args: m.args, channel: m.channel });
        };
        ws.on('message', on);
        return () => ws.off('message', on);
      });
      const { steps } = await call96606((e) => e.event === 'VarSet' && e.h.variable === 'STASISSTATUS' && e.h.value === 'FAILED', 'the first IVR failing');
      const s = await started;
      expect(s.args).toEqual(['inbound', '96606']);
      expect(steps).toContain('Stasis(donorline-ivr-2,inbound,96606)');
      await fetch(`${base()}/ari/channels/${encodeURIComponent(s.channel.id)}`, { method: 'DELETE', headers: { authorization: auth() } });
    } finally {
      ws.close();
    }
  }, 30_000);
});
