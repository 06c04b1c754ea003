import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../ami/ami-message.js';
import { outcomeOfHangup } from '@donorline/domain';
import { DonorLegs } from './donor-legs.js';

const ev = (event: string, h: Record<string, string>, at = 0): AmiMessage => ({ event, response: undefined, actionId: undefined, h, vars: undefined, at });

/**
 * The donor leg of a [dl-campaign] call as a real Asterisk 22.10.1 sent it (test/pbx/campaign.test.ts, a carrier that
 * answers 603 Decline / 404 Not Found after 180 Ringing): the carrier channel's HangupRequest carries the cause before
 * DialEnd (whose DialStatus is NOANSWER for both), and the agent's leg (Local;1 here) can hang up — ending the call —
 * before the carrier channel's own Hangup comes.
 */
function realOrder(id: string, cause: string): AmiMessage[] {
  const agent = { channel: 'Local/96600@dl-outbound-00000006;1', uniqueid: id, linkedid: id };
  const donor = 'PJSIP/carrier-00000002';
  return [
    ev('DialBegin', { destchannel: agent.channel, destuniqueid: id, destlinkedid: id }), // the Originate's own
    ev('DialBegin', { ...agent, destchannel: donor, destuniqueid: '1796676867.16', destlinkedid: id }),
    ev('DialState', { ...agent, destchannel: donor, destuniqueid: '1796676867.16', dialstatus: 'RINGING' }),
    ev('HangupRequest', { channel: donor, uniqueid: '1796676867.16', linkedid: id, cause }),
    ev('DialEnd', { ...agent, destchannel: donor, destuniqueid: '1796676867.16', destlinkedid: id, dialstatus: 'NOANSWER' }),
    ev('Hangup', { ...agent, cause: '3' }),
  ];
}

describe('DonorLegs on a real Asterisk\'s event order', () => {
  it('603 Decline → rejected and 404 → wrong number although the carrier channel\'s Hangup comes after the call ended', () => {
    for (const [cause, outcome] of [['21', 'rejected'], ['1', 'wrong-number'], ['19', 'no-answer']] as const) {
      const legs = new DonorLegs();
      const id = `dlcamp-${cause}`;
      legs.watch(id);
      for (const m of realOrder(id, cause)) legs.handle(m);
      const leg = legs.take(id)!; // the dialer settles here: the call ended with the agent's leg
      expect(leg.dialed).toBe(true);
      expect(leg.status).toBe('NOANSWER');
      expect(leg.cause).toBe(cause);
      expect(outcomeOfHangup(leg.status === 'ANSWER', leg.cause)).toBe(outcome);
    }
  });

  it('the simulator\'s order (the donor\'s Hangup before the call ends) still counts, and a later Hangup does not overwrite', () => {
    const legs = new DonorLegs();
    legs.watch('c1');
    legs.handle(ev('DialBegin', { channel: 'PJSIP/8001-1', linkedid: 'c1', destuniqueid: 'd1', destlinkedid: 'c1' }));
    legs.handle(ev('DialEnd', { channel: 'PJSIP/8001-1', linkedid: 'c1', destuniqueid: 'd1', dialstatus: 'BUSY' }));
    legs.handle(ev('Hangup', { uniqueid: 'd1', linkedid: 'c1', cause: '17' }));
    legs.handle(ev('Hangup', { uniqueid: 'd1', linkedid: 'c1', cause: '16' }));
    expect(legs.take('c1')).toMatchObject({ dialed: true, status: 'BUSY', cause: '17' });
  });
});

describe('DonorLegs when the trunk cannot be used', () => {
  it('a carrier whose qualify failed (real 22.10.1: no DialBegin, DIALSTATUS CHANUNAVAIL in [dl-campaign], cause 3) is told apart from an agent who did not answer', () => {
    const legs = new DonorLegs();
    const id = 'dlcamp-603-mxdr04b6';
    const agent = { channel: 'Local/96600@dl-outbound-00000002;1', uniqueid: id, linkedid: id, context: 'dl-campaign', exten: '13800000603' };
    // seen before the dialer knows the callId (the agent answered at once)
    legs.handle(ev('VarSet', { ...agent, variable: 'DIALSTATUS', value: '' }));
    legs.handle(ev('VarSet', { ...agent, variable: 'DIALSTATUS', value: 'CHANUNAVAIL' }));
    legs.handle(ev('Hangup', { ...agent, cause: '3' }));
    legs.watch(id);
    expect(legs.take(id)).toMatchObject({ dialed: false, trunk: 'CHANUNAVAIL' });
    // the agent's phone not answering: nothing ran in [dl-campaign]
    legs.watch('c2');
    legs.handle(ev('VarSet', { channel: 'PJSIP/8001-1', linkedid: 'c2', context: 'dl-outbound', variable: 'DIALSTATUS', value: 'CHANUNAVAIL' }));
    expect(legs.take('c2')).toMatchObject({ dialed: false, trunk: null });
  });
});
