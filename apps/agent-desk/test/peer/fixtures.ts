/**
 * Demo data for the desk's tests and the standalone peer: built with the domain's real rules (eligibility,
 * honours, masking), so what the desk shows is what the bridge would compute.
 */
import {
  addDays,
  computeEligibility,
  donationUnits,
  honourLevel,
  localDateOf,
  maskNationalId,
  maskPhone,
  type AgentSession,
  type DonationFact,
  type Donor360,
  type DonorSummary,
  type ScreenPop,
  type SlotDto,
  type UserDto,
} from '@donorline/domain';

export const AGENT: UserDto = { id: 7, username: 'agent7', displayName: '李晓梅', role: 'agent', extension: '8001' };
export const QUALITY: UserDto = { id: 9, username: 'qa1', displayName: '周质检', role: 'quality', extension: null };

export function session(over: Partial<AgentSession> = {}): AgentSession {
  return {
    user: AGENT,
    extension: '8001',
    state: 'ready',
    pauseReason: null,
    stateSince: new Date().toISOString(),
    wrapUpEndsAt: null,
    wrapUpRequired: true,
    currentCall: null,
    queues: ['hotline', 'complaints'],
    pbxMode: 'sim',
    ...over,
  };
}

interface DonorSeed {
  id: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  phone: string;
  nationalId: string;
  bloodType: DonorSummary['bloodType'];
  donations: (DonationFact & { siteName: string })[];
  deferral?: { from: string; until: string | null; reason: string } | null;
  complaints?: number;
}

export function today(): string {
  return localDateOf(Date.now());
}

export function donor360(seed: DonorSeed): Donor360 {
  const t = today();
  const deferrals = seed.deferral ? [{ id: 1, ...seed.deferral, types: null }] : [];
  const elig = computeEligibility({
    today: t,
    birthDate: seed.birthDate,
    gender: seed.gender,
    donations: seed.donations,
    deferrals: deferrals.map((d) => ({ until: d.until, reason: d.reason, types: d.types })),
  });
  const units = donationUnits(seed.donations);
  const donations = seed.donations.map((d, i) => ({ id: i + 1, type: d.type, date: d.date, siteName: d.siteName, volumeMl: d.volumeMl ?? null, units: d.units ?? null, outcome: d.outcome }));
  const last: Donor360['lastDonationByType'] = {};
  for (const d of seed.donations) if (!last[d.type] || d.date > last[d.type]!) last[d.type] = d.date;
  const tickets = Array.from({ length: seed.complaints ?? 0 }, (_, i) => ({
    id: 100 + i,
    kind: 'complaint' as const,
    status: 'new' as const,
    subject: '献血屋等候时间过长',
    createdAt: new Date(Date.now() - 86400_000 * 3).toISOString(),
    dueAt: null,
    owner: null,
  }));
  const age = Number(t.slice(0, 4)) - Number(seed.birthDate.slice(0, 4));
  const appointments = [
    { id: 501, siteId: 1, siteName: '五四广场献血屋', type: 'whole-blood' as const, startsAt: `${addDays(t, -200)}T01:00:00.000Z`, status: 'arrived' as const, channel: 'agent' as const },
  ];
  return {
    id: seed.id,
    name: seed.name,
    gender: seed.gender,
    age,
    bloodType: seed.bloodType,
    phoneMasked: maskPhone(seed.phone),
    nationalIdMasked: maskNationalId(seed.nationalId),
    donationCount: seed.donations.filter((d) => d.outcome !== 'rejected').length,
    donationUnits: units,
    honour: honourLevel(units),
    lastDonationByType: last,
    eligibility: elig.byType,
    activeDeferral: deferrals.find((d) => d.until === null || d.until > t) ?? null,
    upcomingAppointments: [],
    lastContacts: [],
    openTickets: tickets,
    tags: ['office-worker'],
    segment: 'office-worker',
    accountManager: { id: 3, displayName: '王主管', extension: '8003' },
    points: units * 10,
    doNotCall: false,
    greenChannel: seed.donations.length >= 2,
    birthDate: seed.birthDate,
    phones: [{ id: seed.id * 10, masked: maskPhone(seed.phone), kind: 'mobile', label: null, isPrimary: true, sharedWith: 0 }],
    occupation: '教师',
    mediaSource: 'wechat',
    consent: { recruitment: true, sms: true, healthData: true },
    hadAdverseReaction: false,
    weightKg: 62,
    address: '青岛市市南区',
    notes: null,
    donations,
    deferrals,
    appointments,
    contacts: [
      { id: 1, at: new Date(Date.now() - 86400_000 * 40).toISOString(), channel: 'call', category: 'booking', summary: '预约全血献血', outcome: '已预约', agent: { id: 7, displayName: '李晓梅', extension: '8001' } },
    ],
    tickets,
    surveys: [{ id: 1, at: new Date(Date.now() - 86400_000 * 30).toISOString(), channel: 'sms', score: 5, text: '护士很专业', callId: null }],
    careEvents: [],
    referrals: [],
    contactPolicy: { recruitmentAllowed: (seed.complaints ?? 0) === 0, reasons: (seed.complaints ?? 0) > 0 ? ['open-complaint'] : [], suppressedUntil: null },
    ruleSet: elig.ruleSet,
    createdAt: '2019-05-01T02:00:00.000Z',
  };
}

export function summaryOf(d: Donor360): DonorSummary {
  const {
    birthDate: _b, phones: _p, occupation: _o, mediaSource: _m, consent: _c, hadAdverseReaction: _h, weightKg: _w, address: _a, notes: _n,
    donations: _d, deferrals: _df, appointments: _ap, contacts: _ct, tickets: _t, surveys: _s, careEvents: _ce, referrals: _r, contactPolicy: _cp,
    ruleSet: _rs, createdAt: _ca, ...summary
  } = d;
  return summary;
}

/** 张建华: a repeat whole-blood donor, last donation 50 days ago (whole blood not yet, platelets later), one open complaint. */
export function zhangJianhua(): Donor360 {
  const t = today();
  return donor360({
    id: 1001,
    name: '张建华',
    gender: 'male',
    birthDate: '1984-03-12',
    phone: '+8613800138000',
    nationalId: '370202198403121234',
    bloodType: 'O+',
    donations: [
      { type: 'whole-blood', date: addDays(t, -50), outcome: 'completed', volumeMl: 400, siteName: '五四广场献血屋' },
      { type: 'whole-blood', date: addDays(t, -420), outcome: 'completed', volumeMl: 400, siteName: '五四广场献血屋' },
      { type: 'platelets', date: addDays(t, -700), outcome: 'completed', units: 2, siteName: '青岛市中心血站' },
    ],
    complaints: 1,
  });
}

/** 王芳 and 王小雨 share a family number. */
export function wangFang(): Donor360 {
  const t = today();
  return donor360({
    id: 1002,
    name: '王芳',
    gender: 'female',
    birthDate: '1979-08-02',
    phone: '+8613900139000',
    nationalId: '370203197908025678',
    bloodType: 'A+',
    donations: [{ type: 'platelets', date: addDays(t, -20), outcome: 'completed', units: 1, siteName: '青岛市中心血站' }],
  });
}
export function wangXiaoyu(): Donor360 {
  return donor360({
    id: 1003,
    name: '王小雨',
    gender: 'female',
    birthDate: '2003-11-20',
    phone: '+8613900139000',
    nationalId: '370203200311204321',
    bloodType: 'B+',
    donations: [],
  });
}

let popSeq = 0;
export function popFor(match: 'known' | 'shared' | 'unknown', over: Partial<ScreenPop> = {}): ScreenPop {
  popSeq++;
  const donors = match === 'known' ? [summaryOf(zhangJianhua())] : match === 'shared' ? [summaryOf(wangFang()), summaryOf(wangXiaoyu())] : [];
  return {
    popId: `pop-${Date.now().toString(36)}-${popSeq}`,
    callId: `1700000000.${100 + popSeq}`,
    direction: 'inbound',
    state: 'ringing',
    callerMasked: match === 'known' ? '138****8000' : match === 'shared' ? '139****9000' : '186****4321',
    callerName: null,
    dialed: '96606',
    queue: 'hotline',
    queuedAt: new Date(Date.now() - 25_000).toISOString(),
    ringingAt: new Date().toISOString(),
    waitSeconds: 25,
    priority: match === 'known' ? 10 : 0,
    ivr: {
      path: ['welcome', 'menu:1', 'identity:ok', 'my-donations', 'appointments', 'agent'],
      verified: match === 'known',
      verifiedBy: match === 'known' ? 'id-last4' : null,
      topic: 'booking',
      lang: 'zh',
      donorId: match === 'known' ? donors[0]!.id : null,
    },
    match,
    donors,
    greenChannel: match === 'known',
    routeReason: null,
    ...over,
  };
}

/** Open slots over the next days at two sites, in the center's time zone (UTC+8). */
export function slotsFrom(from: string, days: number, type: SlotDto['type'] = 'whole-blood'): SlotDto[] {
  const out: SlotDto[] = [];
  let id = 1;
  const sites = [
    { siteId: 1, siteName: '五四广场献血屋' },
    { siteId: 2, siteName: '台东献血屋' },
  ];
  for (let d = 0; d < days; d++) {
    const day = addDays(from, d);
    for (const s of sites) {
      for (const hour of ['09:00', '14:00']) {
        const startsAt = new Date(`${day}T${hour}:00+08:00`).toISOString();
        const endsAt = new Date(new Date(startsAt).getTime() + 3600_000).toISOString();
        const booked = (d + id) % 5 === 0 ? 10 : (d * 3 + id) % 7;
        out.push({ id: id++, ...s, type, startsAt, endsAt, capacity: 10, booked, available: 10 - booked });
      }
    }
  }
  return out;
}
