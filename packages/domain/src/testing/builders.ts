import type { DataSource } from 'typeorm';
import type { Role } from '../agents/agent.types.js';
import type { SiteCapability, SiteKind } from '../appointments/appointment.types.js';
import type { DonationOutcome, DonationType } from '../donations/donation.types.js';
import type { AboGroup, Gender, RhFactor } from '../donors/donor.types.js';
import { normalizePhone } from '../donors/phone.js';
import { AppointmentSlot, Deferral, Donation, DonationSite, Donor, DonorPhone, User } from '../db/entities/index.js';
import { DEMO_PII_KEYS, PiiCipher } from '../db/pii.js';
import { exclusive } from '../db/sql.js';
import { kindOf } from '../db/data-source.js';
import { refreshDonationFacts } from '../db/integration/donation-facts.js';

/**
 * Small builders for DB tests: each inserts one row with sensible defaults and returns the entity.
 * Unique fields (usernames, site codes, phone numbers) get a per-process counter so tests sharing a database
 * never collide.
 */
let seq = 0;
const next = (): number => ++seq;
const pii = new PiiCipher(DEMO_PII_KEYS);

/** A valid, unique CN mobile for tests: 139 + 8 digits from a counter and the process id. */
export function uniqueMobile(): string {
  const n = (next() * 7919 + (globalThis.process?.pid ?? 0) * 104_729) % 100_000_000;
  return `+86139${String(n).padStart(8, '0')}`;
}

export async function buildUser(ds: DataSource, over: Partial<Pick<User, 'username' | 'displayName' | 'role' | 'extension' | 'active' | 'passwordHash'>> = {}): Promise<User> {
  const n = next();
  const now = new Date();
  const u = ds.getRepository(User).create({
    username: `user${n}_${Math.random().toString(36).slice(2, 6)}`,
    displayName: `测试坐席${n}`,
    role: 'agent' as Role,
    extension: null,
    active: true,
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$not-a-real-hash',
    createdAt: now,
    updatedAt: now,
    ...over,
  });
  return exclusive(ds, () => ds.getRepository(User).save(u));
}

export interface SiteOverrides {
  code?: string;
  name?: string;
  kind?: SiteKind;
  capabilities?: SiteCapability[];
  district?: string;
}

export async function buildSite(ds: DataSource, over: SiteOverrides = {}): Promise<DonationSite> {
  const n = next();
  const kind = over.kind ?? 'fixed';
  const s = ds.getRepository(DonationSite).create({
    code: over.code ?? `T${n}_${Math.random().toString(36).slice(2, 6)}`,
    name: over.name ?? `测试献血屋${n}`,
    kind,
    district: over.district ?? '市南区',
    address: '青岛市市南区测试路1号',
    hours: '08:30-17:30',
    transport: '公交1路',
    whatToBring: '身份证',
    capabilities: over.capabilities ?? (kind === 'fixed' ? ['whole-blood', 'platelets', 'plasma'] : ['whole-blood']),
    phone: null,
    latitude: null,
    longitude: null,
    active: true,
  });
  return exclusive(ds, () => ds.getRepository(DonationSite).save(s));
}

export interface SlotOverrides {
  type?: DonationType;
  startsAt?: Date;
  minutes?: number;
  capacity?: number;
  booked?: number;
}

export async function buildSlot(ds: DataSource, siteId: number, over: SlotOverrides = {}): Promise<AppointmentSlot> {
  const startsAt = over.startsAt ?? new Date(Date.now() + 3 * 86_400_000);
  const s = ds.getRepository(AppointmentSlot).create({
    siteId,
    type: over.type ?? 'whole-blood',
    startsAt,
    endsAt: new Date(startsAt.getTime() + (over.minutes ?? 60) * 60_000),
    capacity: over.capacity ?? 5,
    booked: over.booked ?? 0,
  });
  return exclusive(ds, () => ds.getRepository(AppointmentSlot).save(s));
}

export interface DonorOverrides {
  name?: string;
  gender?: Gender;
  birthDate?: string | null;
  /** Raw phone numbers (any spelling); the first is primary. Default: one unique mobile. */
  phones?: string[];
  nationalId?: string | null;
  bloodAbo?: AboGroup | null;
  bloodRh?: RhFactor | null;
  doNotCall?: boolean;
  consentRecruitment?: boolean;
  consentSms?: boolean;
  hadAdverseReaction?: boolean;
  weightKg?: number | null;
  accountManagerId?: number | null;
  tags?: string[];
  segment?: string | null;
  address?: string | null;
}

export async function buildDonor(ds: DataSource, over: DonorOverrides = {}): Promise<Donor> {
  const n = next();
  const now = new Date();
  const nid = over.nationalId ? pii.protectNationalId(over.nationalId) : null;
  return exclusive(ds, () =>
    ds.transaction(async (m) => {
      const d = await m.getRepository(Donor).save(
        m.getRepository(Donor).create({
          name: over.name ?? `测试献血者${n}`,
          gender: over.gender ?? 'male',
          birthDate: over.birthDate === undefined ? '1990-05-10' : over.birthDate,
          nationalIdHash: nid?.hash ?? null,
          nationalIdLast4: nid?.last4 ?? null,
          nationalIdMasked: nid?.masked ?? null,
          nationalIdCipher: nid?.cipher ?? null,
          bloodAbo: over.bloodAbo === undefined ? 'O' : over.bloodAbo,
          bloodRh: over.bloodRh === undefined ? '+' : over.bloodRh,
          occupation: null,
          segment: over.segment ?? null,
          tags: over.tags ?? [],
          mediaSource: null,
          consentRecruitment: over.consentRecruitment ?? true,
          consentSms: over.consentSms ?? true,
          consentHealthData: true,
          doNotCall: over.doNotCall ?? false,
          hadAdverseReaction: over.hadAdverseReaction ?? false,
          weightKg: over.weightKg === undefined ? 65 : over.weightKg,
          accountManagerId: over.accountManagerId ?? null,
          points: 0,
          address: over.address ?? null,
          notes: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      const phones = over.phones ?? [uniqueMobile()];
      let first = true;
      for (const raw of phones) {
        const p = normalizePhone(raw, { defaultAreaCode: '0532' });
        if (!p) throw new Error(`buildDonor: invalid phone ${raw}`);
        await m.getRepository(DonorPhone).save(
          m.getRepository(DonorPhone).create({ donorId: d.id, e164: p.e164, kind: p.kind, label: null, isPrimary: first, createdAt: now }),
        );
        first = false;
      }
      return d;
    }),
  );
}

export interface DonationOverrides {
  type?: DonationType;
  date?: string;
  outcome?: DonationOutcome;
  volumeMl?: number | null;
  units?: number | null;
  siteId?: number | null;
}

export async function buildDonation(ds: DataSource, donorId: number, over: DonationOverrides = {}): Promise<Donation> {
  const type = over.type ?? 'whole-blood';
  const d = ds.getRepository(Donation).create({
    donorId,
    siteId: over.siteId ?? null,
    type,
    date: over.date ?? '2025-01-15',
    volumeMl: over.volumeMl === undefined ? (type === 'whole-blood' ? 400 : null) : over.volumeMl,
    units: over.units === undefined ? (type === 'platelets' ? 2 : null) : over.units,
    outcome: over.outcome ?? 'completed',
    createdAt: new Date(),
  });
  // a donation writer keeps the donor row's donation facts (db/integration/donation-facts.ts)
  return exclusive(ds, async () => {
    const saved = await ds.getRepository(Donation).save(d);
    await refreshDonationFacts({ kind: kindOf(ds), run: (sql, p) => ds.query(sql, p) }, [donorId]);
    return saved;
  });
}

export async function buildDeferral(ds: DataSource, donorId: number, over: { fromDate?: string; until?: string | null; reason?: string; types?: DonationType[] | null } = {}): Promise<Deferral> {
  const d = ds.getRepository(Deferral).create({
    donorId,
    fromDate: over.fromDate ?? '2026-01-01',
    until: over.until === undefined ? '2099-01-01' : over.until,
    reason: over.reason ?? '感冒服药',
    types: over.types ?? null,
    createdAt: new Date(),
  });
  return exclusive(ds, () => ds.getRepository(Deferral).save(d));
}
