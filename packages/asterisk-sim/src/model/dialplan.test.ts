import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dialplan } from './dialplan.js';
import { defaultConfigDir, loadProfile } from './profiles.js';

describe('extensions.conf parsing', () => {
  it('reads the lab dialplan: priorities, same =>, patterns', () => {
    const dp = Dialplan.fromConf(readFileSync(join(defaultConfigDir('lab'), 'extensions.conf'), 'utf8'));
    expect(dp.find('inbound', '4000')!.steps.map((s) => s.app)).toEqual(['NoOp', 'ExecIf', 'Answer', 'Queue', 'Hangup']);
    expect(dp.step('inbound', '4000', 4)).toMatchObject({ app: 'Queue', data: 'hotline,tT,,,120' });
    expect(dp.find('agents', '8042')!.name).toBe('_80[0-7]X');
    expect(dp.find('agents', '8099')!.name).toBe('8099');
    expect(dp.find('agents', '8085')).toBeUndefined();
    expect(dp.find('inbound', '96606')!.name).toBe('_X.');
    expect(dp.find('donors', '13800138000')!.steps[2]).toMatchObject({ app: 'Wait' });
  });

  it('reads the donorline dialplan (the repo asterisk/ directory): labels and routing', () => {
    const p = loadProfile('donorline');
    const dp = p.dialplan;
    expect(dp.find('from-carrier', '96606')!.steps.map((s) => s.app)).toEqual(['NoOp', 'Answer', 'Stasis', 'GotoIf', 'Stasis', 'GotoIf', 'Hangup', 'Playback', 'Goto']);
    expect(dp.step('from-carrier', '96606', 5)!.data).toBe('donorline-ivr-2,inbound,96606');
    expect(dp.step('from-carrier', '96606', 3)!.data).toBe('donorline-ivr,inbound,96606');
    expect(dp.findLabel('dl-queue', 'hotline', 'queue')).toBe(8);
    expect(dp.step('dl-queue', 'complaints', 9)).toMatchObject({ app: 'Queue', data: '${EXTEN},tTc,,,600,,dl-record,,${DL_QUEUE_POS}' });
    expect(dp.step('dl-queue', 'hotline', 5)).toMatchObject({ app: 'Set', data: 'DL_QUEUE_POS=$[${QUEUE_WAITING_COUNT(${EXTEN})} + 1]' });
    expect(dp.step('dl-queue', 'hotline', 6)).toMatchObject({ app: 'Dial', data: 'PJSIP/${DL_PREFERRED_AGENT},${DL_PREFERRED_SECS},gU(dl-record^agent)' });
    expect(dp.find('dl-record', 's')!.steps.map((s) => s.app)).toEqual(['MixMonitor', 'Set', 'GotoIf', 'Set', 'Set', 'Return']);
    // the PBX's own call log: the queue and when, set on the caller's CDR before anything else (cdr_custom.conf)
    expect(dp.step('dl-queue', 'hotline', 2)).toMatchObject({ app: 'Set', data: 'CDR(dl_queue)=${EXTEN}' });
    expect(dp.findLabel('dl-queue', 'hotline', 'survey')).toBe(14);
    expect(dp.step('dl-queue', 'hotline', 14)).toMatchObject({ app: 'Stasis', data: 'donorline-ivr,survey,${CHANNEL(linkedid)}' });
    expect(dp.find('dl-transfer', '8002')!.name).toBe('_8XXX');
    expect(dp.find('dl-transfer', 'complaints')!.name).toBe('_[a-z].');
    expect(p.queues.map((q) => [q.name, q.strategy, q.timeout, q.members.length])).toEqual([
      ['hotline', 'rrmemory', 15, 0],
      ['complaints', 'ringall', 20, 0],
    ]);
    expect(p.features.get('atxfer')).toBe('*2');
    expect(p.persistentMembers).toBe(false);
  });
});
