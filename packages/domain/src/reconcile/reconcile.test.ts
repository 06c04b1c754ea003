import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CDR_FIELDS, cdrInstant, parseCdrLine, splitDsv, type CdrRow } from './cdr-line.js';
import { compareWithPbx } from './compare.js';
import { agentExtOf, foldPbxCall, groupByLinkedid } from './pbx-call.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function row(p: Partial<CdrRow>): CdrRow {
  const r = Object.fromEntries(CDR_FIELDS.map((f) => [f, ''])) as CdrRow;
  return { ...r, start: '0.000000', answer: '0.000000', end: '0.000000', duration: '0', billsec: '0', ...p };
}
const line = (r: CdrRow): string => CDR_FIELDS.map((f) => `"${r[f].replaceAll('"', '""')}"`).join(',');

describe('the PBX call log (cdr_custom)', () => {
  it('reads the fields asterisk/cdr_custom.conf maps, in its order', () => {
    const conf = readFileSync(path.join(repo, 'asterisk/cdr_custom.conf'), 'utf8');
    const fields = /^fields\s*=\s*(.+)$/m.exec(conf)![1]!.split(',').map((f) => f.trim().replace(/\(.*\)$/, ''));
    expect(fields).toEqual([...CDR_FIELDS]);
  });

  it('splits quoted DSV with doubled quotes and refuses torn lines', () => {
    expect(splitDsv('"a","b ""c""","",d')).toEqual(['a', 'b "c"', '', 'd']);
    expect(splitDsv('"a,b",c')).toEqual(['a,b', 'c']);
    expect(splitDsv('"a","b')).toBeNull();
    expect(splitDsv('"a"x,b')).toBeNull();
    expect(parseCdrLine('"1","2"')).toBeNull();
    expect(parseCdrLine('garbage without quotes')).toBeNull();
    const r = row({ linkedid: '1765.1', uniqueid: '1765.1', src: '"王" <1>' });
    expect(parseCdrLine(`${line(r)}\r`)).toEqual(r);
    expect(cdrInstant('0.000000')).toBeNull();
    expect(cdrInstant('1765000000.250000')?.toISOString()).toBe('2025-12-06T05:46:40.250Z');
  });

  it('an answered queue call: agent, answered-at, queue, recording and who hung up from the dialplan variables', () => {
    const r = row({
      linkedid: '100.1', uniqueid: '100.1', start: '1765000000.000000', answer: '1765000001.000000', end: '1765000030.500000', disposition: 'ANSWERED',
      src: '13700001111', dst: '96607', dcontext: 'from-carrier', channel: 'PJSIP/carrier-00000001', dstchannel: 'PJSIP/8001-00000002', lastapp: 'Queue',
      dl_queue: 'hotline', dl_queued: '1765000001', dl_agent: 'PJSIP/8001-00000002', dl_answered: '1765000005', dl_recording: '/var/spool/asterisk/monitor/20251206/100.1-queue-100.2.wav', dl_hangup: 'agent',
    });
    const c = foldPbxCall([r])!;
    expect(c).toMatchObject({ linkedid: '100.1', direction: 'inbound', caller: '13700001111', dialed: '96607', queue: 'hotline', agentExt: '8001', outcome: 'answered', hangupBy: 'agent' });
    expect(c.answeredAt?.toISOString()).toBe(new Date(1765000005_000).toISOString());
    expect(c.endedAt.getTime()).toBe(1765000030_500);
    expect(c.recordings).toEqual(['/var/spool/asterisk/monitor/20251206/100.1-queue-100.2.wav']);
    expect(foldPbxCall([{ ...r, dl_hangup: '' }])!.hangupBy).toBe('caller');
  });

  it('several CDRs of one call (a real Asterisk splits them at each dial): the agent from the ANSWERED one', () => {
    const base = { linkedid: '7.1', uniqueid: '7.1', dcontext: 'from-carrier', src: '1', dst: '96606', channel: 'PJSIP/carrier-1', dl_queue: 'hotline' };
    const rows = [
      row({ ...base, start: '10', end: '20', dstchannel: 'PJSIP/8002-0000000a', disposition: 'NO ANSWER' }),
      row({ ...base, start: '20', answer: '25', end: '60', dstchannel: 'PJSIP/8001-0000000b', disposition: 'ANSWERED' }),
      row({ linkedid: '9.1', uniqueid: '9.5', dcontext: 'dl-phone-keys', start: '5', end: '6' }),
    ];
    const g = groupByLinkedid(rows);
    expect([...g.keys()]).toEqual(['7.1', '9.1']);
    const c = foldPbxCall(g.get('7.1')!)!;
    expect(c).toMatchObject({ agentExt: '8001', outcome: 'answered' });
    expect(c.startedAt.getTime()).toBe(10_000);
    expect(c.endedAt.getTime()).toBe(60_000);
    // no call's own CDR (phone keys, spy legs): not a call
    expect(foldPbxCall(g.get('9.1')!)).toBeNull();
  });

  it('abandoned in the queue, and hung up in the IVR', () => {
    const q = foldPbxCall([row({ linkedid: '1.1', uniqueid: '1.1', dcontext: 'from-carrier', start: '10', answer: '10', end: '40', disposition: 'ANSWERED', dl_queue: 'hotline', dl_queued: '15' })])!;
    expect(q).toMatchObject({ outcome: 'abandoned', agentExt: null, hangupBy: 'caller', queue: 'hotline' });
    expect(q.queuedAt?.getTime()).toBe(15_000);
    expect(foldPbxCall([row({ linkedid: '1.2', uniqueid: '1.2', dcontext: 'from-carrier', start: '10', end: '20', disposition: 'ANSWERED' })])!.outcome).toBe('ivr-only');
  });

  it('click-to-dial: answered by the donor, or not', () => {
    const base = { linkedid: '3.1', uniqueid: '3.1', dcontext: 'dl-outbound', channel: 'PJSIP/8001-00000001', src: '8001', dst: '13700001111', start: '1', end: '9' };
    expect(foldPbxCall([row({ ...base, dstchannel: 'PJSIP/carrier-2', disposition: 'ANSWERED', answer: '3' })])).toMatchObject({ direction: 'outbound', outcome: 'answered', agentExt: '8001' });
    expect(foldPbxCall([row({ ...base, disposition: 'BUSY' })])!.outcome).toBe('busy');
  });

  // captured from a real Asterisk 22.10.1 with this repo's asterisk/ (cdr_custom, res_cdrel_custom), SIP callers into
  // 96607 (SIPp as the carrier) and the agent a registered PJSIP/8050: one line per CDR; when the agent hangs up, the
  // caller's CDR is split after the bridge (sequence 10: lastapp Hangup, the uservars carried over, dl_hangup=agent)
  it('real Asterisk 22.10.1 lines: answered (caller hangs up / agent hangs up) and abandoned', () => {
    const rec = '/work/asterisk-real/inst/var/spool/asterisk/monitor/20261207';
    const real = [
      `"1796677683.6","1796677683.6","6","1796677683.968460","1796677683.969800","1796677688.979920","5","5","ANSWERED","sipp","hotline","dl-queue","PJSIP/carrier-00000004","PJSIP/8050-00000005","Queue","hotline,tTc,,,600,,dl-record","","","hotline","1796677684","PJSIP/8050-00000005","1796677684","${rec}/1796677683.6-queue-1796677684.7.wav",""`,
      `"1796677703.8","1796677703.8","8","1796677703.513757","1796677703.516998","1796677706.541118","3","3","ANSWERED","sipp","hotline","dl-queue","PJSIP/carrier-00000006","PJSIP/8050-00000007","Queue","hotline,tTc,,,600,,dl-record","","","hotline","1796677704","PJSIP/8050-00000007","1796677704","${rec}/1796677703.8-queue-1796677704.9.wav",""`,
      `"1796677703.8","1796677703.8","10","1796677706.541920","1796677706.541920","1796677706.548340","0","0","ANSWERED","sipp","hotline","dl-queue","PJSIP/carrier-00000006","","Hangup","","","","hotline","1796677704","PJSIP/8050-00000007","1796677704","${rec}/1796677703.8-queue-1796677704.9.wav","agent"`,
      '"1796677429.3","1796677429.3","3","1796677429.476786","1796677429.477506","1796677432.489594","3","3","ANSWERED","sipp","hotline","dl-queue","PJSIP/carrier-00000001","","Queue","hotline,tTc,,,600,,dl-record","","","hotline","1796677429","","","",""',
    ].map((l) => parseCdrLine(l));
    expect(real.every((r) => r !== null)).toBe(true);
    const calls = groupByLinkedid(real as CdrRow[]);
    const callerHangsUp = foldPbxCall(calls.get('1796677683.6')!)!;
    expect(callerHangsUp).toMatchObject({ direction: 'inbound', caller: 'sipp', queue: 'hotline', agentExt: '8050', outcome: 'answered', hangupBy: 'caller', disposition: 'ANSWERED' });
    expect(callerHangsUp.answeredAt?.getTime()).toBe(1796677684_000);
    expect(callerHangsUp.recordings).toEqual([`${rec}/1796677683.6-queue-1796677684.7.wav`]);
    expect(callerHangsUp.endedAt.getTime()).toBe(Math.round(1796677688.97992 * 1000));
    const agentHangsUp = foldPbxCall(calls.get('1796677703.8')!)!;
    expect(agentHangsUp).toMatchObject({ agentExt: '8050', outcome: 'answered', hangupBy: 'agent' });
    expect(agentHangsUp.recordings).toHaveLength(1);
    expect(agentHangsUp.endedAt.getTime()).toBe(Math.round(1796677706.54834 * 1000));
    expect(foldPbxCall(calls.get('1796677429.3')!)).toMatchObject({ queue: 'hotline', agentExt: null, outcome: 'abandoned', hangupBy: 'caller', answeredAt: null });
  });

  it('agent extensions from channel names', () => {
    expect(agentExtOf('PJSIP/8001-0000002a')).toBe('8001');
    expect(agentExtOf('PJSIP/carrier-0000002a')).toBeNull();
    expect(agentExtOf('Local/talk-8001@dl-phone-keys-00000001;1')).toBeNull();
  });

  it('live vs PBX: agreement, and each disagreement named', () => {
    const pbx = foldPbxCall([row({ linkedid: '5.1', uniqueid: '5.1', dcontext: 'from-carrier', start: '100', end: '200', dl_queue: 'hotline', dl_agent: 'PJSIP/8001-1', dl_answered: '110' })])!;
    const live = { outcome: 'answered' as const, agentExt: '8001', startedAt: new Date(100_500), endedAt: new Date(199_000), queue: 'hotline' };
    expect(compareWithPbx(live, pbx)).toEqual([]);
    expect(compareWithPbx({ ...live, outcome: 'abandoned', agentExt: null }, pbx).map((d) => d.field)).toEqual(['outcome', 'agent']);
    expect(compareWithPbx({ ...live, endedAt: null }, pbx).map((d) => d.field)).toEqual(['ended']);
    expect(compareWithPbx({ ...live, endedAt: new Date(220_000) }, pbx)[0]).toMatchObject({ field: 'ended', pbx: new Date(200_000).toISOString() });
  });
});
