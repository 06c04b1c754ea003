/**
 * An in-memory IvrBackend for unit tests and demos without a database: the same rules as the domain services
 * where it matters to a caller (computeEligibility, keypad variants of the ID's last four, slot capacity,
 * low survey score → callback ticket). `failing` makes chosen operations throw, to test the apology path.
 */
import {
  computeEligibility,
  DomainError,
  keypadVariantsOfLast4,
  unitsToNextHonour,
  donationUnits,
  type DonationFact,
  type DonationType,
  type Gender,
  type LocalDate,
  type ManagerSeat,
  type ServiceCalendar,
  type VoiceMessageKind,
} from '@donorline/domain';
import type { AppointmentInfo, DaySlots, DonorBrief, IdentityProof, IvrBackend, Playable, QueueOutlook, SiteInfo, VoiceMessageInput, VoiceReply, StaffLogin } from './ivr-backend.js';

export interface MemoryDonor {
  id: number;
  phones: string[];
  nationalIdLast4: string;
  birthDate: LocalDate;
  gender: Gender;
  donations: DonationFact[];
  deferrals?: { until: LocalDate | null; reason: string; types?: DonationType[] | null }[];
  accountManagerId?: number | null;
}

export interface MemorySlot {
  id: number;
  siteId: number;
  type: DonationType;
  date: LocalDate;
  time: string;
  capacity: number;
  booked: number;
}

export interface MemoryState {
  donors: MemoryDonor[];
  sites: SiteInfo[];
  slots: MemorySlot[];
  appointments: (AppointmentInfo & { donorId: number; status: 'booked' | 'cancelled'; slotId: number; callId: string })[];
  sms: { donorId: number; text: string }[];
  tickets: { id: number; kind: VoiceMessageKind | 'callback'; donorId: number | null; callerNumber: string; recordingName: string | null; callId: string }[];
  replies: { id: number; recordingName: string; donorId: number; heard: boolean }[];
  staff: { userId: number; staffNumber: string; pin: string; failures?: number; locked?: boolean }[];
  recordings: { ref: string; recordingName: string }[];
  audit: { userId: number; action: string; target: string }[];
  surveys: { callId: string; donorId: number | null; score: number }[];
  /** The center's recording-notice setting (absent: off, as a backend that does not know it). */
  recordingNotice?: boolean;
  queue?: QueueOutlook | null;
  calendar?: ServiceCalendar | null;
  /** Agents' seats by user id (absent: signed out). */
  seats?: Record<number, ManagerSeat>;
}

export function emptyState(): MemoryState {
  return { donors: [], sites: [], slots: [], appointments: [], sms: [], tickets: [], replies: [], staff: [], recordings: [], audit: [], surveys: [] };
}

export class MemoryBackend implements IvrBackend {
  /** Operation names that throw (a database outage, as the flows see it). */
  readonly failing = new Set<keyof IvrBackend>();
  private seq = 1000;

  constructor(readonly state: MemoryState = emptyState()) {}

  private guard(op: keyof IvrBackend): void {
    if (this.failing.has(op)) throw new Error(`backend unavailable (${op})`);
  }

  private donor(id: number): MemoryDonor {
    const d = this.state.donors.find((x) => x.id === id);
    if (!d) throw new DomainError('NOT_FOUND', `donor ${id}`);
    return d;
  }

  private info(a: MemorySlot, type: DonationType, id: number): AppointmentInfo {
    const site = this.state.sites.find((s) => s.id === a.siteId)!;
    return { id, siteId: site.id, siteCode: site.code, siteName: site.name, type, date: a.date, time: a.time };
  }

  async findDonorIdsByPhone(phone: string): Promise<number[]> {
    this.guard('findDonorIdsByPhone');
    const tail = phone.replace(/\D/g, '').slice(-11);
    return this.state.donors.filter((d) => d.phones.some((p) => p.replace(/\D/g, '').slice(-11) === tail)).map((d) => d.id);
  }

  async verifyIdentity(candidateIds: readonly number[], proof: IdentityProof): Promise<number[]> {
    this.guard('verifyIdentity');
    return candidateIds.filter((id) => {
      const d = this.donor(id);
      return proof.kind === 'id-last4' ? keypadVariantsOfLast4(d.nationalIdLast4).includes(proof.value.toUpperCase()) : d.birthDate === proof.value;
    });
  }

  async donorBrief(donorId: number, today: LocalDate): Promise<DonorBrief> {
    this.guard('donorBrief');
    const d = this.donor(donorId);
    const deferrals = d.deferrals ?? [];
    const result = computeEligibility({ today, birthDate: d.birthDate, gender: d.gender, donations: d.donations, deferrals });
    const counted = d.donations.filter((x) => x.outcome !== 'rejected').sort((a, b) => (a.date < b.date ? 1 : -1));
    const last = counted[0];
    const active = deferrals.find((x) => (x.until === null || x.until > today) && (!x.types || x.types.length === 0));
    const next = unitsToNextHonour(donationUnits(d.donations));
    return {
      id: d.id,
      donationCount: counted.length,
      lastDonation: last ? { type: last.type, date: last.date } : null,
      eligibility: result.byType,
      activeDeferral: active ? { until: active.until, reason: active.reason } : null,
      upcoming: this.state.appointments
        .filter((a) => a.donorId === donorId && a.status === 'booked' && a.date >= today)
        .map(({ id, siteId, siteCode, siteName, type, date, time }) => ({ id, siteId, siteCode, siteName, type, date, time })),
      accountManagerId: d.accountManagerId ?? null,
      toNextHonour: next && next.missing <= 3 ? next.missing : null,
    };
  }

  async agentSeat(userId: number): Promise<ManagerSeat> {
    this.guard('agentSeat');
    return this.state.seats?.[userId] ?? { ext: null, state: 'logged-out' };
  }

  async sites(type?: DonationType): Promise<SiteInfo[]> {
    this.guard('sites');
    return this.state.sites.filter((s) => !type || s.types.includes(type));
  }

  async availableDays(siteId: number, type: DonationType, from: LocalDate, days: number): Promise<DaySlots[]> {
    this.guard('availableDays');
    const to = new Date(Date.parse(from) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const byDay = new Map<LocalDate, DaySlots>();
    for (const s of this.state.slots) {
      if (s.siteId !== siteId || s.type !== type || s.date < from || s.date > to || s.booked >= s.capacity) continue;
      const day = byDay.get(s.date) ?? { date: s.date, slots: [] };
      day.slots.push({ id: s.id, time: s.time, available: s.capacity - s.booked });
      byDay.set(s.date, day);
    }
    return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1)).map((d) => ({ ...d, slots: d.slots.sort((a, b) => (a.time < b.time ? -1 : 1)) }));
  }

  private take(slotId: number, donorId: number, type: DonationType): MemorySlot {
    const slot = this.state.slots.find((s) => s.id === slotId);
    if (!slot) throw new DomainError('NOT_FOUND', `slot ${slotId}`);
    if (slot.booked >= slot.capacity) throw new DomainError('SLOT_FULL', 'slot full');
    const d = this.donor(donorId);
    const e = computeEligibility({ today: slot.date, birthDate: d.birthDate, gender: d.gender, donations: d.donations, deferrals: d.deferrals ?? [] });
    if (!e.byType[type].eligibleNow) throw new DomainError('NOT_ELIGIBLE', 'not eligible on that date');
    slot.booked++;
    return slot;
  }

  async book(input: { donorId: number; slotId: number; type: DonationType; callId: string }): Promise<AppointmentInfo> {
    this.guard('book');
    const slot = this.take(input.slotId, input.donorId, input.type);
    const a = { ...this.info(slot, input.type, ++this.seq), donorId: input.donorId, status: 'booked' as const, slotId: slot.id, callId: input.callId };
    this.state.appointments.push(a);
    this.state.sms.push({ donorId: input.donorId, text: `预约成功 ${a.date} ${a.time} ${a.siteName}` });
    return a;
  }

  async cancel(input: { donorId: number; appointmentId: number; callId: string }): Promise<void> {
    this.guard('cancel');
    const a = this.state.appointments.find((x) => x.id === input.appointmentId && x.donorId === input.donorId && x.status === 'booked');
    if (!a) throw new DomainError('NOT_FOUND', 'appointment');
    a.status = 'cancelled';
    this.state.slots.find((s) => s.id === a.slotId)!.booked--;
    this.state.sms.push({ donorId: input.donorId, text: `预约已取消 ${a.date}` });
  }

  async reschedule(input: { donorId: number; appointmentId: number; slotId: number; callId: string }): Promise<AppointmentInfo> {
    this.guard('reschedule');
    const a = this.state.appointments.find((x) => x.id === input.appointmentId && x.donorId === input.donorId && x.status === 'booked');
    if (!a) throw new DomainError('NOT_FOUND', 'appointment');
    const slot = this.take(input.slotId, input.donorId, a.type);
    this.state.slots.find((s) => s.id === a.slotId)!.booked--;
    Object.assign(a, this.info(slot, a.type, a.id), { slotId: slot.id });
    this.state.sms.push({ donorId: input.donorId, text: `改约成功 ${a.date} ${a.time} ${a.siteName}` });
    return a;
  }

  async leaveMessage(input: VoiceMessageInput): Promise<{ ticketId: number }> {
    this.guard('leaveMessage');
    const id = ++this.seq;
    this.state.tickets.push({ id, kind: input.kind, donorId: input.donorId, callerNumber: input.callerNumber, recordingName: input.recordingName, callId: input.callId });
    return { ticketId: id };
  }

  async pendingReplies(donorId: number): Promise<VoiceReply[]> {
    this.guard('pendingReplies');
    return this.state.replies.filter((r) => r.donorId === donorId && !r.heard).map(({ id, recordingName }) => ({ id, play: { recording: recordingName } }));
  }

  async markReplyHeard(replyId: number): Promise<void> {
    this.guard('markReplyHeard');
    const r = this.state.replies.find((x) => x.id === replyId);
    if (r) r.heard = true;
  }

  /** The same rules as the domain's StaffService.verifyIvrPin: failures per person across calls, lock-out at 5. */
  async staffLogin(staffNumber: string, pin: string, _callId: string): Promise<StaffLogin> {
    this.guard('staffLogin');
    const s = this.state.staff.find((x) => x.staffNumber === staffNumber);
    if (!s) return { ok: false, locked: false };
    if (s.locked) return { ok: false, locked: true };
    if (s.pin === pin) {
      s.failures = 0;
      return { ok: true, userId: s.userId };
    }
    s.failures = (s.failures ?? 0) + 1;
    if (s.failures >= 5) {
      s.locked = true;
      this.state.audit.push({ userId: s.userId, action: 'ivr.pin-lockout', target: staffNumber });
    }
    return { ok: false, locked: s.locked === true };
  }

  async recordingByRef(ref: string, userId: number): Promise<{ play: Playable } | null> {
    this.guard('recordingByRef');
    const r = this.state.recordings.find((x) => x.ref === ref);
    if (r) this.state.audit.push({ userId, action: 'recording.play', target: ref });
    return r ? { play: { file: r.recordingName } } : null;
  }

  async recordingNotice(): Promise<boolean> {
    this.guard('recordingNotice');
    return this.state.recordingNotice ?? false;
  }

  async recordSurvey(input: { callId: string; donorId: number | null; callerNumber: string; score: number }): Promise<{ callbackTicketId: number | null }> {
    this.guard('recordSurvey');
    this.state.surveys.push({ callId: input.callId, donorId: input.donorId, score: input.score });
    if (input.score > 2) return { callbackTicketId: null };
    const id = ++this.seq;
    this.state.tickets.push({ id, kind: 'callback', donorId: input.donorId, callerNumber: input.callerNumber, recordingName: null, callId: input.callId });
    return { callbackTicketId: id };
  }

  async queueOutlook(_queue: string): Promise<QueueOutlook | null> {
    this.guard('queueOutlook');
    return this.state.queue ?? null;
  }

  async serviceCalendar(): Promise<ServiceCalendar | null> {
    this.guard('serviceCalendar');
    return this.state.calendar ?? null;
  }
}
