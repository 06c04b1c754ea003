/**
 * Test harness: a small, deterministic blood center in memory, a fixed clock, and `call(script)` which runs a
 * scripted caller through the real runtime (startCall → ChannelFlowContext → flows) on a FakeChannel.
 */
import { addDays, DEFAULT_ROUTING_RULES, type LocalDate } from '@donorline/domain';
import { emptyState, MemoryBackend, type MemorySlot, type MemoryState } from '../src/backend/memory-backend.js';
import { createFlows } from '../src/flows/index.js';
import { DEFAULT_SERVICE_HOURS, type ServiceHours } from '../src/flows/service-hours.js';
import type { FlowDeps } from '../src/flows/flow-deps.js';
import { startCall, type CallOutcome } from '../src/runtime/call-runner.js';
import { silentLogger } from '../src/runtime/logger.js';
import { FakeChannel, type ScriptStep } from '../src/runtime/testing/fake-channel.js';

/** Monday 2026-11-23, 10:00 in Qingdao (agents on duty). */
export const IN_HOURS = new Date('2026-11-23T02:00:00Z');
/** Monday 2026-11-23, 22:30 in Qingdao. */
export const AFTER_HOURS = new Date('2026-11-23T14:30:00Z');
export const TODAY: LocalDate = '2026-11-23';

export const PHONE_ONE = '13800138000'; // donor 1 alone
export const PHONE_FAMILY = '13900139000'; // donors 2, 3, 4
export const PHONE_DEFERRED = '13700137000'; // donor 5
export const PHONE_UNKNOWN = '13600136000';

/** Donor 1's account manager (user id), signed in and ready at 8001 unless a test says otherwise. */
export const MANAGER_ID = 31;

export function centerState(): MemoryState {
  const s = emptyState();
  s.seats = { [MANAGER_ID]: { ext: '8001', state: 'ready' } };
  s.donors.push(
    {
      id: 1, phones: [PHONE_ONE], nationalIdLast4: '123X', birthDate: '1990-03-05', gender: 'female', accountManagerId: MANAGER_ID,
      donations: [
        { type: 'platelets', date: '2026-11-16', outcome: 'completed', units: 1 },
        { type: 'whole-blood', date: '2026-03-01', outcome: 'completed', volumeMl: 400 },
      ],
    },
    { id: 2, phones: [PHONE_FAMILY], nationalIdLast4: '5678', birthDate: '1985-07-20', gender: 'male', donations: [{ type: 'whole-blood', date: '2025-01-10', outcome: 'completed', volumeMl: 300 }] },
    { id: 3, phones: [PHONE_FAMILY], nationalIdLast4: '4321', birthDate: '1988-01-01', gender: 'female', donations: [] },
    { id: 4, phones: [PHONE_FAMILY], nationalIdLast4: '5678', birthDate: '1992-02-02', gender: 'male', donations: [] },
    {
      id: 5, phones: [PHONE_DEFERRED], nationalIdLast4: '9999', birthDate: '1980-05-05', gender: 'male',
      donations: [{ type: 'whole-blood', date: '2025-06-01', outcome: 'completed', volumeMl: 400 }],
      deferrals: [{ until: '2026-12-20', reason: '感冒' }],
    },
  );
  s.sites.push(
    { id: 1, code: 'QD01', name: '市中心献血屋', types: ['whole-blood', 'platelets'] },
    { id: 2, code: 'QD02', name: '台东献血屋', types: ['whole-blood', 'platelets'] },
    { id: 3, code: 'BUS1', name: '五四广场献血车', types: ['whole-blood'] },
  );
  let id = 1;
  const slots: MemorySlot[] = [];
  for (const site of s.sites) {
    for (const type of site.types) {
      for (let d = 1; d <= 7; d++) {
        for (const time of ['09:00', '14:00']) slots.push({ id: id++, siteId: site.id, type, date: addDays(TODAY, d), time, capacity: 2, booked: 0 });
      }
    }
  }
  // the first day at the central site is fully booked for platelets
  for (const sl of slots) if (sl.siteId === 1 && sl.type === 'platelets' && sl.date === addDays(TODAY, 1)) sl.booked = sl.capacity;
  s.slots = slots;
  s.staff.push({ userId: 42, staffNumber: '2001', pin: '730518' });
  s.recordings.push({ ref: '4820193756', recordingName: '/var/spool/asterisk/monitor/call-1795376041.wav' });
  s.replies.push({ id: 7, donorId: 1, recordingName: 'reply-7', heard: false }, { id: 8, donorId: 1, recordingName: 'reply-8', heard: false });
  return s;
}

export interface CallOptions {
  caller?: string;
  now?: Date;
  args?: string[];
  backend?: MemoryBackend;
  hours?: ServiceHours;
  survey?: boolean;
  vars?: Record<string, string>;
}

export interface CallRun {
  channel: FakeChannel;
  backend: MemoryBackend;
  outcome: CallOutcome;
  path: string;
}

export async function call(script: ScriptStep[], o: CallOptions = {}): Promise<CallRun> {
  const backend = o.backend ?? new MemoryBackend(centerState());
  const deps: FlowDeps = {
    backend,
    hours: o.hours ?? DEFAULT_SERVICE_HOURS,
    routing: DEFAULT_ROUTING_RULES,
    survey: o.survey ?? false,
    bookingWindowDays: 7,
    log: silentLogger,
  };
  const channel = new FakeChannel(script, { caller: { number: o.caller ?? PHONE_ONE }, vars: o.vars });
  const now = o.now ?? IN_HOURS;
  const running = startCall(channel, o.args ?? ['inbound', '96606'], { ...createFlows(deps), log: silentLogger, context: { clock: () => now } });
  const outcome = await running.done;
  return { channel, backend, outcome, path: running.ctx.findings.path.join('>') };
}

/** Index of the first occurrence of each id in `played`, -1 when absent. */
export function order(played: readonly string[], ...ids: string[]): number[] {
  return ids.map((id) => played.indexOf(id));
}
