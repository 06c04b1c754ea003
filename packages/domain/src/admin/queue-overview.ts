/**
 * Administration → queues: each queue of the hotline with its members, merged from what the PBX says now (who is
 * a member, paused, with which reason), the seats the bridge holds (state) and the staff accounts configured for
 * it (skills) — so an admin sees at once who should be in a queue but is not signed in. Pure and browser-safe.
 */
import type { AgentState, PauseReason, Role } from '../agents/agent.types.js';
import type { AgentStatusDto, QueueStats } from '../contracts/dto.js';

export interface QueueMemberDto {
  extension: string | null;
  agent: { id: number; displayName: string; username: string; employeeNo: string | null } | null;
  /** The account's skills include this queue (staff administration). */
  configured: boolean;
  /** A member of the queue in the PBX now. */
  loggedIn: boolean;
  paused: boolean;
  pauseReason: PauseReason | null;
  /** The seat's state as the desk shows it (null: no seat). */
  state: AgentState | null;
}

export interface QueueOverviewDto {
  queue: string;
  stats: QueueStats | null;
  members: QueueMemberDto[];
  /** false when the PBX could not be asked (membership then comes from the seats only). */
  pbxAnswered: boolean;
}

/** A PBX queue member (QueueStatus), in domain words. */
export interface PbxQueueMember {
  queue: string;
  extension: string;
  /** The member name the bridge sets (the username), or whatever the PBX has. */
  memberName: string;
  paused: boolean;
  reason: string;
}

export interface StaffForQueues {
  id: number;
  username: string;
  displayName: string;
  employeeNo: string | null;
  role: Role;
  active: boolean;
  extensions: string[];
  /** null: every queue of the hotline. */
  queues: string[] | null;
}

const SEAT_ROLES: readonly Role[] = ['agent', 'supervisor'];

export function buildQueueOverview(input: {
  queues: readonly string[];
  staff: readonly StaffForQueues[];
  seats: readonly AgentStatusDto[];
  pbx: readonly PbxQueueMember[] | null;
  stats: readonly QueueStats[];
}): QueueOverviewDto[] {
  const people = input.staff.filter((s) => s.active && SEAT_ROLES.includes(s.role));
  const byUsername = new Map(input.staff.map((s) => [s.username.toLowerCase(), s]));
  const seatOf = (userId: number | undefined, ext: string | null): AgentStatusDto | undefined =>
    input.seats.find((x) => (userId !== undefined && x.agent.id === userId) || (ext !== null && x.agent.extension === ext));
  const agentOf = (s: StaffForQueues | undefined) => (s ? { id: s.id, displayName: s.displayName, username: s.username, employeeNo: s.employeeNo } : null);

  return input.queues.map((queue) => {
    const members: QueueMemberDto[] = [];
    const seen = new Set<number>();
    for (const m of (input.pbx ?? []).filter((x) => x.queue === queue)) {
      const s = byUsername.get(m.memberName.toLowerCase()) ?? input.staff.find((x) => seatOf(x.id, null)?.agent.extension === m.extension);
      if (s) seen.add(s.id);
      const seat = seatOf(s?.id, m.extension);
      members.push({
        extension: m.extension, agent: agentOf(s), configured: !!s && (s.queues === null || s.queues.includes(queue)), loggedIn: true,
        paused: m.paused, pauseReason: m.paused ? (seat?.pauseReason ?? (m.reason || null)) : null, state: seat?.state ?? null,
      });
    }
    if (input.pbx === null) {
      // the PBX did not answer: the seats the bridge holds stand in for its member list
      for (const seat of input.seats) {
        const s = input.staff.find((x) => x.id === seat.agent.id);
        if (!s || !(s.queues === null || s.queues.includes(queue)) || seat.state === 'logged-out') continue;
        seen.add(s.id);
        members.push({ extension: seat.agent.extension, agent: agentOf(s), configured: true, loggedIn: true, paused: seat.state === 'paused', pauseReason: seat.pauseReason, state: seat.state });
      }
    }
    for (const s of people) {
      if (seen.has(s.id) || !(s.queues === null || s.queues.includes(queue))) continue;
      members.push({ extension: s.extensions[0] ?? null, agent: agentOf(s), configured: true, loggedIn: false, paused: false, pauseReason: null, state: null });
    }
    members.sort((a, b) => Number(b.loggedIn) - Number(a.loggedIn) || (a.extension ?? '~').localeCompare(b.extension ?? '~'));
    return { queue, stats: input.stats.find((x) => x.queue === queue) ?? null, members, pbxAnswered: input.pbx !== null };
  });
}
