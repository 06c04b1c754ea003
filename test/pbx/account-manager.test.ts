/**
 * The account manager step of [dl-queue] (asterisk/extensions.conf) on a REAL Asterisk: with DL_PREFERRED_AGENT set,
 * the dialplan notes the caller's place (QUEUE_WAITING_COUNT + 1, app_queue's function), rings the manager for
 * DL_PREFERRED_SECS, and an unanswered call joins the queue at that place (Queue's 9th argument, position) with its
 * DL_PRIORITY. The caller is a Local channel whose other half answers at the line test (96600); the manager is an
 * extension nobody answers within the ring time. Only runs with PBX_AMI_URL / PBX_ARI_URL (see pbx.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../apps/cti-bridge/src/ami/ami-client.js';
import type { AmiMessage } from '../../apps/cti-bridge/src/ami/ami-message.js';
import { AMI_URL, CONFIGURED, amiOptions, amiUp, nextEvent } from './support.js';

const MANAGER = process.env.PBX_MANAGER_EXT ?? '8049';

describe.skipIf(!CONFIGURED)(`real Asterisk: the account manager rings first, then the queue at the caller's place${CONFIGURED ? '' : ' — skipped: set PBX_AMI_URL and PBX_ARI_URL to run'}`, () => {
  let ami: AmiClient;

  beforeAll(async () => {
    ami = new AmiClient(amiOptions(AMI_URL!));
    ami.start();
    await amiUp(ami);
  }, 20_000);

  afterAll(async () => {
    await ami?.stop();
  });

  it('Set(DL_QUEUE_POS) → Dial(the manager, DL_PREFERRED_SECS) → Queue(hotline,…,dl-record,,<place>) with QUEUE_PRIO', async () => {
    const id = `dlam-${Date.now()}`;
    const steps: string[] = [];
    const vars = new Map<string, string>();
    const log = (e: AmiMessage): void => {
      if (e.h.uniqueid !== id) return;
      if (e.event === 'Newexten' && e.h.context === 'dl-queue') steps.push(`${e.h.application}(${e.h.appdata ?? ''})`);
      if (e.event === 'VarSet' && e.h.variable) vars.set(e.h.variable, e.h.value ?? '');
    };
    ami.on('event', log);
    const joined = nextEvent(ami, 'QueueCallerJoin', 30_000, (e) => e.event === 'QueueCallerJoin' && e.h.uniqueid === id);
    try {
      const o = ami.originate(
        {
          Channel: 'Local/96600@dl-outbound', Context: 'dl-queue', Exten: 'hotline', Priority: 1, ChannelId: id, CallerID: '"PBX test" <13900000077>', Timeout: 10_000,
          Variable: { DL_PREFERRED_AGENT: MANAGER, DL_PREFERRED_SECS: '3', DL_PRIORITY: '10', DL_ROUTE_REASON: 'account-manager-caller-id' },
        },
        { resultTimeoutMs: 20_000 },
      );
      expect((await o.accepted).response).toBe('Success');
      const join = await joined;
      const place = vars.get('DL_QUEUE_POS');
      expect(place).toMatch(/^[1-9]\d*$/);
      expect(steps).toEqual(expect.arrayContaining([
        `Set(DL_QUEUE_POS=${place})`,
        `Dial(PJSIP/${MANAGER},3,gU(dl-record^agent))`,
        'Set(QUEUE_PRIO=10)',
        `Queue(hotline,tTc,,,600,,dl-record,,${place})`,
      ]));
      // at the noted place or nearer the head (callers ahead may have been served during the ring)
      expect(Number(join.h.position)).toBeLessThanOrEqual(Number(place));
    } finally {
      ami.off('event', log);
      const all = await ami.list('CoreShowChannels').catch(() => null);
      for (const c of all?.items.filter((i) => i.h.uniqueid === id || i.h.linkedid === id) ?? []) await ami.action('Hangup', { Channel: c.h.channel! }).catch(() => undefined);
    }
  }, 40_000);
});
