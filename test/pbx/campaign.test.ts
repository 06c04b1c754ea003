/**
 * The campaign dialer's [dl-campaign] on a REAL Asterisk (apps/cti-bridge/src/dialer): the AMI Originate exactly as
 * the bridge places it (the agent's leg first — here a Local channel into the line test 96600 stands in for the
 * agent's phone — then [dl-campaign] dials the donor through the carrier), with the least-privilege AMI user, and the
 * donor leg's outcome read by the bridge's own DonorLegs + outcomeOfHangup from the events Asterisk really sends.
 *
 * Runs only with PBX_AMI_URL / PBX_ARI_URL (see pbx.test.ts) AND PBX_CARRIER_SIP=<host>:<port> — the address the
 * PBX's [carrier] AOR points at, free on this machine: the test binds a tiny SIP UAS there (sip-carrier.ts) that
 * answers busy / no answer / decline / not found by the dialled number. With the repo's docker-entrypoint.sh
 * `generate` and CARRIER_HOST=127.0.0.2 CARRIER_PORT=5080 that is PBX_CARRIER_SIP=127.0.0.2:5080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../apps/cti-bridge/src/ami/ami-client.js';
import type { AmiMessage } from '../../apps/cti-bridge/src/ami/ami-message.js';
import { DonorLegs } from '../../apps/cti-bridge/src/dialer/donor-legs.js';
import { outcomeOfHangup } from '../../packages/domain/src/dialer/campaign-rules.js';
import { startSipCarrier, type SipCarrier } from './sip-carrier.js';
import { AMI_URL, CONFIGURED, amiOptions, amiUp, nextEvent } from './support.js';

const CARRIER = process.env.PBX_CARRIER_SIP?.trim();
const RUN = CONFIGURED && !!CARRIER;
const WHY = 'set PBX_AMI_URL, PBX_ARI_URL and PBX_CARRIER_SIP=<host:port of the PBX\'s [carrier] AOR> to run';

describe.skipIf(!RUN)(`real Asterisk: campaign dialer [dl-campaign]${RUN ? '' : ` — skipped: ${WHY}`}`, () => {
  let ami: AmiClient;
  let carrier: SipCarrier;
  const legs = new DonorLegs();

  beforeAll(async () => {
    const [host, port] = CARRIER!.split(':');
    carrier = await startSipCarrier(host!, Number(port || 5060));
    // nothing listened there before, so Asterisk's qualify has marked the contact Unavail, and PJSIP dials no
    // unavailable contact (Dial fails at once, cause 3, no DialBegin): wait for the next qualify (every 60 s, or
    // `pjsip qualify carrier` on the CLI) to find the UAS
    await carrier.qualified;
    ami = new AmiClient(amiOptions(AMI_URL!));
    ami.on('event', legs.handle);
    ami.start();
    await amiUp(ami);
  }, 75_000);

  afterAll(async () => {
    await ami?.stop();
    await carrier?.close();
  });

  // carrier response → the donor leg's DialEnd (ast_hangup_cause_to_dial_status: NOANSWER for 21 and 1 too, while
  // DIALSTATUS says CHANUNAVAIL) and the cause of its HangupRequest (before DialEnd; its Hangup may come after the
  // agent's leg ended the call) → the attempt's outcome
  const cases = [
    { code: '486', status: 'BUSY', cause: '17', outcome: 'busy' },
    { code: '480', status: 'NOANSWER', cause: '19', outcome: 'no-answer' },
    { code: '603', status: 'NOANSWER', cause: '21', outcome: 'rejected' },
    { code: '404', status: 'NOANSWER', cause: '1', outcome: 'wrong-number' },
  ] as const;

  for (const c of cases) {
    it(`carrier answers ${c.code}: Originate Success (the agent's leg), DialEnd ${c.status}, Hangup cause ${c.cause} → ${c.outcome}`, async () => {
      const id = `dlcamp-${c.code}-${Date.now().toString(36)}`;
      const number = `13800000${c.code}`;
      const seen: AmiMessage[] = [];
      const log = (e: AmiMessage): void => {
        if ([e.h.linkedid, e.h.destlinkedid, e.h.uniqueid].some((v) => v?.startsWith(id))) seen.push(e);
      };
      ami.on('event', log);
      try {
        // as PbxLink.originate does it, with [dl-campaign] and the dialer's variables; ChannelId only to know the callId.
        // Right after the qualify the contact may still be Unavail for a moment (the UAS saw OPTIONS before Asterisk
        // read its 200): Dial then fails at once (leg.trunk) — placed again, at most 20 times
        const place = async (n: number): Promise<ReturnType<DonorLegs['take']>> => {
          const cid = `${id}-${n}`;
          legs.watch(cid);
          const agentGone = nextEvent(ami, `Hangup of the agent's leg ${cid}`, 20_000, (e) => e.event === 'Hangup' && e.h.uniqueid === cid);
          const o = ami.originate(
            { Channel: 'Local/96600@dl-outbound', Context: 'dl-campaign', Exten: number, Priority: 1, CallerID: '"Donorline" <96606>', Timeout: 30_000, ChannelId: cid, Variable: { DL_DIAL: `tok-${cid}`, DL_CAMPAIGN: '7', DL_TARGET: '42' } },
            { resultTimeoutMs: 45_000 },
          );
          expect((await o.accepted).response).toBe('Success');
          expect((await o.result).response).toBe('Success');
          await agentGone;
          return legs.take(cid);
        };
        let leg = await place(0);
        for (let n = 1; n < 20 && leg?.trunk && !leg.dialed; n++) leg = await place(n);
        if (process.env.PBX_DEBUG) console.log(seen.map((e) => `${e.event} ${JSON.stringify(e.h)}`).join('\n'));
        expect(carrier.invites).toContain(number);
        expect(leg, 'the donor leg was followed').not.toBeNull();
        expect(leg!.dialed).toBe(true);
        expect(leg!.status).toBe(c.status);
        expect(leg!.cause).toBe(c.cause);
        const cause = leg!.status === 'BUSY' ? '17' : leg!.cause; // as CampaignDialer.settle
        expect(outcomeOfHangup(leg!.status === 'ANSWER', cause)).toBe(c.outcome);
      } finally {
        ami.off('event', log);
      }
    }, 40_000);
  }
});
