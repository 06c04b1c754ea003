import { describe, expect, it } from 'vitest';
import type { AgentStatusDto } from '../contracts/dto.js';
import { buildQueueOverview, type StaffForQueues } from './queue-overview.js';

const staff: StaffForQueues[] = [
  { id: 1, username: 'agent1', displayName: '坐席一号', employeeNo: '1001', role: 'agent', active: true, extensions: ['8001'], queues: null },
  { id: 2, username: 'agent2', displayName: '坐席二号', employeeNo: '1002', role: 'agent', active: true, extensions: ['8002'], queues: ['hotline'] },
  { id: 3, username: 'qa', displayName: '质检', employeeNo: null, role: 'quality', active: true, extensions: [], queues: null },
  { id: 4, username: 'old', displayName: '离职', employeeNo: null, role: 'agent', active: false, extensions: ['8004'], queues: null },
];
const seat = (id: number, ext: string, state: AgentStatusDto['state'], pauseReason: string | null = null): AgentStatusDto => ({
  agent: { id, displayName: `#${id}`, extension: ext }, state, pauseReason, since: '2026-12-07T04:00:00.000Z', currentCallId: null,
});

describe('buildQueueOverview', () => {
  it('members from the PBX with their seat state and pause reason; configured people not signed in listed after them', () => {
    const [hotline, complaints] = buildQueueOverview({
      queues: ['hotline', 'complaints'], staff,
      seats: [seat(1, '8001', 'paused', 'coaching')],
      pbx: [{ queue: 'hotline', extension: '8001', memberName: 'agent1', paused: true, reason: 'coaching' }, { queue: 'complaints', extension: '8001', memberName: 'agent1', paused: true, reason: 'coaching' }],
      stats: [{ queue: 'hotline', waiting: 1, longestWaitSeconds: 12, agentsReady: 0, agentsBusy: 0, agentsPaused: 1, answeredToday: 3, abandonedToday: 0, offeredToday: 0, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null }],
    });
    expect(hotline!.members).toEqual([
      { extension: '8001', agent: { id: 1, displayName: '坐席一号', username: 'agent1', employeeNo: '1001' }, configured: true, loggedIn: true, paused: true, pauseReason: 'coaching', state: 'paused' },
      { extension: '8002', agent: { id: 2, displayName: '坐席二号', username: 'agent2', employeeNo: '1002' }, configured: true, loggedIn: false, paused: false, pauseReason: null, state: null },
    ]);
    expect(hotline!.stats?.waiting).toBe(1);
    // agent2's skills leave out complaints; quality staff and disabled accounts never count
    expect(complaints!.members.map((m) => m.agent?.username)).toEqual(['agent1']);
  });

  it('a PBX member nobody configured (added by hand in Asterisk) is shown as such', () => {
    const [q] = buildQueueOverview({ queues: ['hotline'], staff, seats: [], pbx: [{ queue: 'hotline', extension: '8099', memberName: 'PJSIP/8099', paused: false, reason: '' }], stats: [] });
    expect(q!.members[0]).toMatchObject({ extension: '8099', agent: null, configured: false, loggedIn: true });
  });

  it('when the PBX does not answer, the seats stand in', () => {
    const [q] = buildQueueOverview({ queues: ['hotline'], staff, seats: [seat(2, '8002', 'ready')], pbx: null, stats: [] });
    expect(q!.pbxAnswered).toBe(false);
    expect(q!.members.map((m) => [m.agent?.username, m.loggedIn, m.state])).toEqual([['agent2', true, 'ready'], ['agent1', false, null]]);
  });
});
