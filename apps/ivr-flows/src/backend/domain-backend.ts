/**
 * IvrBackend over the domain services (@donorline/domain/node): the same rules the desk uses — caller lookup,
 * identity by the stored last four / birth date, eligibility with the active rule set, concurrency-safe booking with
 * the SMS outbox, voice messages as tickets, surveys with callback tickets, audited recording playback.
 */
import { join } from 'node:path';
import {
  addDays,
  DomainError,
  sqlTime,
  toDate,
  localClockOf,
  normalizePhone,
  unitsToNextHonour,
  IVR_QA_ROLES,
  recordingIdByRef,
  DONATION_TYPES,
  AGENT_STATES,
  type AgentState,
  type ManagerSeat,
  type AppointmentBrief,
  type DomainServices,
  type DonationType,
  type LocalDate,
  type ServiceCalendar,
  type SiteDto,
} from '@donorline/domain/node';
import type { AppointmentInfo, DaySlots, DonorBrief, IdentityProof, IvrBackend, Playable, QueueOutlook, SiteInfo, StaffLogin, VoiceMessageInput, VoiceReply } from './ivr-backend.js';

export interface DomainBackendOptions {
  services: DomainServices;
  /** Where the PBX stores ARI recordings (Asterisk: /var/spool/asterisk/recording; the simulator: data/recordings/ari). */
  ariRecordingsDir: string;
  /** Default area code for bare local caller numbers ('0532'). */
  defaultAreaCode?: string;
  /** Wrong IVR PINs in a row (across calls) before a staff member is locked out (default 5). */
  pinMaxFailures?: number;
  sitesCacheMs?: number;
}

const CANCEL_REASON = '献血者电话自助取消 / cancelled by the donor on the IVR';

export class DomainBackend implements IvrBackend {
  private readonly s: DomainServices;
  private sitesCache: { at: number; list: SiteDto[] } | null = null;

  constructor(private readonly opts: DomainBackendOptions) {
    this.s = opts.services;
  }

  private async allSites(): Promise<SiteDto[]> {
    const now = Date.now();
    if (!this.sitesCache || now - this.sitesCache.at > (this.opts.sitesCacheMs ?? 60_000)) this.sitesCache = { at: now, list: await this.s.appointments.sites() };
    return this.sitesCache.list;
  }

  private async info(a: AppointmentBrief): Promise<AppointmentInfo> {
    const site = (await this.allSites()).find((x) => x.id === a.siteId);
    const c = localClockOf(new Date(a.startsAt));
    return {
      id: a.id, siteId: a.siteId, siteCode: site?.code ?? String(a.siteId), siteName: a.siteName, type: a.type,
      date: c.date, time: `${String(Math.floor(c.minutes / 60)).padStart(2, '0')}:${String(c.minutes % 60).padStart(2, '0')}`,
    };
  }

  async findDonorIdsByPhone(phone: string): Promise<number[]> {
    const p = normalizePhone(phone, this.opts.defaultAreaCode ? { defaultAreaCode: this.opts.defaultAreaCode } : {});
    return p ? this.s.lookup.findDonorIdsByPhone(p.e164) : [];
  }

  async verifyIdentity(candidateIds: readonly number[], proof: IdentityProof): Promise<number[]> {
    const out: number[] = [];
    for (const id of candidateIds) {
      const ok = proof.kind === 'id-last4' ? await this.s.donors.verifyIdLast4(id, proof.value) : await this.s.donors.verifyBirthDate(id, proof.value);
      if (ok) out.push(id);
    }
    return out;
  }

  async donorBrief(donorId: number, today: LocalDate): Promise<DonorBrief> {
    const s = await this.s.donors.summary(donorId, today);
    let last: DonorBrief['lastDonation'] = null;
    for (const [type, date] of Object.entries(s.lastDonationByType) as [DonationType, string][]) {
      if (date && (!last || date > last.date)) last = { type, date };
    }
    const d = s.activeDeferral;
    const allTypes = d && (!d.types || d.types.length === 0 || DONATION_TYPES.every((t) => d.types!.includes(t)));
    const next = unitsToNextHonour(s.donationUnits);
    return {
      id: s.id,
      donationCount: s.donationCount,
      lastDonation: last,
      eligibility: s.eligibility,
      activeDeferral: d && allTypes ? { until: d.until, reason: d.reason } : null,
      upcoming: await Promise.all(s.upcomingAppointments.filter((a) => a.status === 'booked').map((a) => this.info(a))),
      accountManagerId: s.accountManager?.id ?? null,
      toNextHonour: next && next.missing <= 3 ? next.missing : null,
    };
  }

  async sites(type?: DonationType): Promise<SiteInfo[]> {
    return (await this.allSites())
      .filter((x) => !type || x.capabilities.includes(type))
      .map((x) => ({ id: x.id, code: x.code, name: x.name, types: x.capabilities.filter((c): c is DonationType => (DONATION_TYPES as readonly string[]).includes(c)) }));
  }

  async availableDays(siteId: number, type: DonationType, from: LocalDate, days: number): Promise<DaySlots[]> {
    const slots = await this.s.appointments.availableSlots({ siteId, type, from, to: addDays(from, days - 1) });
    const byDay = new Map<LocalDate, DaySlots>();
    for (const sl of slots) {
      const c = localClockOf(new Date(sl.startsAt));
      const day = byDay.get(c.date) ?? { date: c.date, slots: [] };
      day.slots.push({ id: sl.id, time: `${String(Math.floor(c.minutes / 60)).padStart(2, '0')}:${String(c.minutes % 60).padStart(2, '0')}`, available: sl.available });
      byDay.set(c.date, day);
    }
    return [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  async book(input: { donorId: number; slotId: number; type: DonationType; callId: string }): Promise<AppointmentInfo> {
    const a = await this.s.appointments.book({ donorId: input.donorId, slotId: input.slotId, type: input.type, channel: 'ivr', callId: input.callId, actorId: null });
    return this.info(a);
  }

  private async ownBooking(donorId: number, appointmentId: number): Promise<void> {
    const mine = await this.s.appointments.forDonor(donorId, false);
    if (!mine.some((a) => a.id === appointmentId)) throw new DomainError('NOT_FOUND', `appointment ${appointmentId} is not an open booking of donor ${donorId}`);
  }

  async cancel(input: { donorId: number; appointmentId: number; callId: string }): Promise<void> {
    await this.ownBooking(input.donorId, input.appointmentId);
    await this.s.appointments.cancel(input.appointmentId, CANCEL_REASON, null);
  }

  async reschedule(input: { donorId: number; appointmentId: number; slotId: number; callId: string }): Promise<AppointmentInfo> {
    await this.ownBooking(input.donorId, input.appointmentId);
    return this.info(await this.s.appointments.reschedule(input.appointmentId, input.slotId, null, 'ivr'));
  }

  async leaveMessage(input: VoiceMessageInput): Promise<{ ticketId: number }> {
    const v = await this.s.voiceMessages.create({
      callId: input.callId,
      recordingPath: join(this.opts.ariRecordingsDir, `${input.recordingName}.wav`),
      durationSeconds: input.durationSeconds,
      caller: input.callerNumber || null,
      donorId: input.donorId,
      kind: input.kind,
    });
    return { ticketId: v.ticketId! };
  }

  async pendingReplies(donorId: number): Promise<VoiceReply[]> {
    return (await this.s.voiceMessages.pendingReplies({ donorId })).map((v) => ({ id: v.id, play: { file: v.replyPath! } }));
  }

  async markReplyHeard(replyId: number): Promise<void> {
    await this.s.voiceMessages.markHeard(replyId);
  }

  async staffLogin(staffNumber: string, pin: string, callId: string): Promise<StaffLogin> {
    return this.s.staff.verifyIvrPin(staffNumber, pin, { maxFailures: this.opts.pinMaxFailures ?? 5, callId });
  }

  async recordingByRef(ref: string, userId: number): Promise<{ play: Playable } | null> {
    const user = await this.s.users.findById(userId);
    if (!user || !user.active || !IVR_QA_ROLES.includes(user.role)) return null;
    const id = await recordingIdByRef(this.s.ds, ref);
    if (id === null) {
      await this.s.audit.write({ actorId: userId, action: 'ivr.recording-unknown', subjectType: 'recording', subjectId: ref.slice(0, 16) });
      return null;
    }
    const r = await this.s.recordings.openForPlayback(id, { id: user.id, role: user.role }, null);
    return { play: { file: r.filePath } };
  }

  /** The seat as the bridge last logged it (agent_state_log); an unknown state reads as signed out. */
  async agentSeat(userId: number): Promise<ManagerSeat> {
    const s = await this.s.reports.currentAgentState(userId);
    const state = (AGENT_STATES as readonly string[]).includes(s.state) ? (s.state as AgentState) : 'logged-out';
    return { ext: state === 'logged-out' ? null : s.ext, state };
  }

  /**
   * What the platform can tell about a queue from the call records the bridge keeps: calls waiting now (queued,
   * not answered, not ended) and the average wait of calls answered from it in the last hour.
   */
  async queueOutlook(queue: string): Promise<QueueOutlook | null> {
    const ds = this.s.ds;
    const since = new Date(Date.now() - 3600_000);
    const [w] = (await ds.query('SELECT COUNT(*) AS n FROM call_record WHERE queue = ? AND queued_at IS NOT NULL AND answered_at IS NULL AND ended_at IS NULL', [queue])) as { n: number }[];
    const answered = (await ds.query(
      'SELECT queued_at, answered_at FROM call_record WHERE queue = ? AND queued_at IS NOT NULL AND answered_at IS NOT NULL AND answered_at >= ? ORDER BY answered_at DESC LIMIT 200',
      [queue, sqlTime(since)],
    )) as { queued_at: unknown; answered_at: unknown }[];
    const waits = answered.map((r) => (toDate(r.answered_at)!.getTime() - toDate(r.queued_at)!.getTime()) / 1000).filter((s) => s >= 0);
    const expected = waits.length > 0 ? Math.round(waits.reduce((x, y) => x + y, 0) / waits.length) : null;
    return { ahead: Number(w?.n ?? 0), expectedWaitSecs: expected };
  }

  /** The center setting (administration → center), read for every call so a change applies to the next one. */
  async recordingNotice(): Promise<boolean> {
    return (await this.s.center.get()).recordingNotice;
  }

  async recordSurvey(input: { callId: string; donorId: number | null; callerNumber: string; score: number }): Promise<{ callbackTicketId: number | null }> {
    const r = await this.s.surveys.record({ channel: 'ivr', score: input.score, callId: input.callId, donorId: input.donorId });
    return { callbackTicketId: r.callbackTicketId };
  }

  /** The service calendar the admin keeps (service_hours + service_calendar_day). */
  async serviceCalendar(): Promise<ServiceCalendar | null> {
    return this.s.calendar.calendar();
  }
}
