import { randomBytes } from 'node:crypto';
import { base, en, Faker, zh_CN } from '@faker-js/faker';
import type { DataSource } from 'typeorm';
import type { DonationFact, DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { donationFacts } from '../../donations/donation-facts.js';
import type { AboGroup, Gender, MediaSource, RhFactor, SegmentTag } from '../../donors/donor.types.js';
import { completeNationalId } from '../../donors/national-id.js';
import { computeEligibility, type DeferralFact } from '../../eligibility/eligibility.js';
import { DEFAULT_RULE_SET } from '../../eligibility/rule-set.js';
import { donationUnits } from '../../honours/honours.js';
import { addDays, addMonths, addYears, localDateOf, type LocalDate } from '../../time/local-date.js';
import type { AttemptOutcome, CareKind, ContactCategory, TicketKind, TicketStatus } from '../../tickets/ticket.types.js';
import { PiiCipher, type PiiKeys } from '../pii.js';
import { exec, rows, sqlTime } from '../sql.js';
import { kindOf } from '../data-source.js';
import { backfillDonationPoints } from '../loyalty/points-backfill.js';

/** The demo's redemption catalogue (积分兑换): name, points, stock. */
const DEMO_REWARDS: [string, number, number][] = [['献血纪念徽章', 50, 200], ['保温杯', 150, 40], ['免费体检套餐', 400, 10], ['公园年票', 600, 5]];
import { hashPassword } from '../services/user.service.js';
import { BulkWriter } from './bulk-writer.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import { DEMO_DONORS, DEMO_FAMILY_NUMBER, DEMO_PASSWORD, DEMO_USERS, type DemoDonor } from './demo-donors.js';
import { Prng } from './prng.js';
import { DEFAULT_PHRASE_SCRIPTS } from '../../phrases/default-scripts.js';
import { KNOWLEDGE, REIMBURSEMENT_DEMO, SITES } from './reference-data.js';

export interface SeedOptions {
  /** PRNG seed: the same seed, today and size give the same donors. */
  seed?: number;
  /** The center's local date everything is relative to (default: today in Asia/Shanghai). */
  today?: LocalDate;
  /** Generated donors (besides the well-known demo donors). Default 2,000. */
  donors?: number;
  /** Create agent1/agent2/supervisor/qa/admin with password demo123 — only for the embedded demo database. */
  demoUsers?: boolean;
  pii: PiiKeys;
  /** Wipe existing data first (otherwise a database with donors is left alone and the seed is skipped). */
  reset?: boolean;
  /** Progress lines (default: none). */
  onProgress?: (line: string) => void;
}

export interface SeedSummary {
  skipped: boolean;
  reason?: string;
  seed: number;
  today: LocalDate;
  donors: number;
  demoUsers: boolean;
  seconds: number;
  rows: Record<string, number>;
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '198'];
const QINGDAO_REGIONS = ['370202', '370203', '370211', '370212', '370213', '370214', '370215', '370281', '370283', '370285'];
const DISTRICTS = ['市南区', '市北区', '黄岛区', '崂山区', '李沧区', '城阳区', '即墨区', '胶州市', '平度市', '莱西市'];
const SEGMENTS: readonly (readonly [SegmentTag, string, number])[] = [
  ['office-worker', '公司职员', 34], ['student', '大学生', 18], ['civil-servant', '公务员', 8], ['medical-staff', '医护人员', 5], ['military', '军人', 3],
  ['self-employed', '个体经营者', 14], ['retired', '退休人员', 4], ['rural', '农民', 14],
];
const MEDIA: readonly (readonly [MediaSource, number])[] = [
  ['street-bus', 30], ['wechat', 18], ['campus', 12], ['workplace', 10], ['referral', 9], ['sms', 5], ['tv', 4], ['radio', 3], ['weibo', 3], ['hospital', 3], ['website', 2], ['other', 1],
];
const ABO: readonly (readonly [AboGroup, number])[] = [['O', 30], ['A', 28], ['B', 32], ['AB', 10]];
const DEFERRAL_REASONS = ['感冒服药', '近期拔牙', '血红蛋白偏低', '近期文身', '服用抗生素', '转氨酶偏高', '近期出境旅行', '血压偏高'];
const PERMANENT_REASONS = ['乙肝表面抗原阳性', '梅毒抗体阳性', '患有心脏病'];
const CONTACT_NOTES: Readonly<Record<ContactCategory, string[]>> = {
  consultation: ['咨询献血前注意事项', '咨询献血屋开放时间', '询问献血证补办'],
  booking: ['电话预约献血', '预约单采血小板'],
  reschedule: ['因出差改约', '取消预约，下月再约'],
  eligibility: ['查询下次可献日期', '咨询服药后能否献血'],
  reimbursement: ['咨询母亲住院用血报销', '咨询异地用血报销材料'],
  complaint: ['反映献血车排队时间长', '反映穿刺疼痛、护士态度一般'],
  suggestion: ['建议增加周末夜间献血点', '建议短信提前一天提醒'],
  recall: ['流失召回：同意下月献血', '流失召回：暂时没时间'],
  care: ['生日关怀电话', '献血后回访，身体无不适'],
  'survey-callback': ['满意度回访：已致歉并说明改进措施'],
  recruitment: ['血小板招募：同意本周六捐献', '招募：本月不方便'],
  other: ['打错电话', '其他事项'],
};

interface SlotModel {
  id: number;
  siteId: number;
  type: DonationType;
  startsAt: Date;
  day: LocalDate;
  capacity: number;
  booked: number;
}

/** Start of a local day/time in Asia/Shanghai (UTC+8, no DST) as an instant. */
function cnInstant(day: LocalDate, hh: number, mm = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hh - 8, mm));
}

/** Tables in delete order (children first). */
const WIPE_ORDER = ['care_action', 'points_entry', 'reward_item', 'crm_segment', 'import_issue', 'import_job', 'import_mapping', 'api_key', 'becs_duplicate', 'survey_response', 'ticket_note', 'voice_message', 'contact_record', 'contact_attempt', 'campaign_target', 'campaign', 'care_event', 'referral',
  'recording', 'call_record', 'appointment', 'appointment_slot', 'ticket', 'deferral', 'donation', 'donor_phone', 'donor', 'donation_site', 'audit_log',
  'sms_inbound', 'sms_outbox', 'knowledge_article', 'phrase_script_version', 'reimbursement_policy', 'eligibility_rule_set', 'app_user'];

export async function wipeData(ds: DataSource): Promise<void> {
  for (const t of WIPE_ORDER) await ds.query(`DELETE FROM ${t}`);
}

async function maxId(ds: DataSource, table: string): Promise<number> {
  const [r] = await rows<{ m: number | null }>(ds, `SELECT MAX(id) AS m FROM ${table}`);
  return Number(r?.m ?? 0);
}

/**
 * Deterministic, realistic demo data (Qingdao): zh-CN names, valid CN mobiles and Qingdao landlines, whole-blood and
 * platelet donors with plausible histories (most platelet donors gave once, a core of repeat donors), deferrals,
 * fixed sites and buses, slots for the next 14 days, appointments, contacts, tickets, surveys, care events, a
 * campaign with attempts (some donors suppressed by the 5-failures rule), knowledge base, standard phrases, the
 * demo reimbursement policies (Shandong first), shared family numbers, DNC donors, account managers and the DEMO_DONORS.
 * Bulk raw INSERTs in transactions: a million donors take minutes. Skipped when donors already exist (unless reset).
 */
export async function seedDemoData(ds: DataSource, opts: SeedOptions): Promise<SeedSummary> {
  const t0 = Date.now();
  const seed = opts.seed ?? 20_160_601;
  const today = opts.today ?? localDateOf(new Date());
  const nDonors = Math.max(0, Math.floor(opts.donors ?? 2000));
  const demoUsers = opts.demoUsers ?? false;
  const log = opts.onProgress ?? (() => undefined);
  const base_: Omit<SeedSummary, 'skipped' | 'seconds' | 'rows'> = { seed, today, donors: nDonors, demoUsers };

  const [{ n: existing }] = (await rows<{ n: number }>(ds, 'SELECT COUNT(*) AS n FROM donor')) as [{ n: number }];
  const [{ n: sites }] = (await rows<{ n: number }>(ds, 'SELECT COUNT(*) AS n FROM donation_site')) as [{ n: number }];
  if (opts.reset) {
    log(`wiping existing data (${existing} donors) …`);
    await wipeData(ds);
  } else if (Number(existing) > 0 || Number(sites) > 0) {
    return { ...base_, skipped: true, reason: `database already has data (${existing} donors, ${sites} sites)`, seconds: 0, rows: {} };
  }

  const prng = new Prng(seed);
  const faker = new Faker({ locale: [zh_CN, en, base] });
  faker.seed(seed);
  const pii = new PiiCipher(opts.pii);
  const noon = cnInstant(today, 12);
  const created = (daysAgo: number): string => sqlTime(new Date(noon.getTime() - daysAgo * 86_400_000));
  const nowTs = sqlTime(noon);

  // ---- staff --------------------------------------------------------------------------------------------------
  const staffHash = await hashPassword(randomBytes(24).toString('base64')); // account managers cannot log in
  const userIds: Record<string, number> = {};
  const addUser = async (username: string, displayName: string, role: string, extension: string | null, hash: string, more: { employeeNo?: string | null; pinHash?: string | null } = {}): Promise<number> => {
    const [had] = await rows<{ id: number }>(ds, 'SELECT id FROM app_user WHERE username = ?', [username]);
    if (had) return (userIds[username] = Number(had.id)); // staff accounts that already exist are kept as they are
    const r = await exec(ds, 'INSERT INTO app_user (username, display_name, password_hash, role, extension, extensions, employee_no, ivr_pin_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)', [
      username, displayName, hash, role, extension, JSON.stringify(extension ? [extension] : []), more.employeeNo ?? null, more.pinHash ?? null, nowTs, nowTs,
    ]);
    return (userIds[username] = r.insertId);
  };
  if (demoUsers) {
    for (const u of DEMO_USERS) {
      await addUser(u.username, u.displayName, u.role, u.extension, await hashPassword(DEMO_PASSWORD), { employeeNo: u.employeeNo, pinHash: u.ivrPin ? await hashPassword(u.ivrPin) : null });
    }
  }
  const recruiters = [['am01', '客户经理 刘洋', '8101'], ['am02', '客户经理 周静', '8102'], ['am03', '客户经理 吴磊', '8103'], ['am04', '客户经理 郑雪', '8104']] as const;
  for (const [u, n, ext] of recruiters) await addUser(u, n, 'agent', ext, staffHash);
  const accountManagers = [...(demoUsers ? [userIds.agent1!, userIds.agent2!] : []), ...recruiters.map(([u]) => userIds[u]!)];
  const contactAgents = accountManagers;

  // ---- rule set, sites, reference data ------------------------------------------------------------------------
  await exec(ds, 'INSERT INTO eligibility_rule_set (family, version, standard, effective_from, active, body, created_by_id, created_at) VALUES (?, ?, ?, ?, 1, ?, NULL, ?)', [
    DEFAULT_RULE_SET.id, DEFAULT_RULE_SET.version, DEFAULT_RULE_SET.standard, DEFAULT_RULE_SET.effectiveFrom, JSON.stringify(DEFAULT_RULE_SET), nowTs,
  ]);
  const siteIds: number[] = [];
  for (const s of SITES) {
    const r = await exec(ds, `INSERT INTO donation_site (code, name, kind, district, address, hours, transport, what_to_bring, capabilities, phone, latitude, longitude, active)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, [s.code, s.name, s.kind, s.district, s.address, s.hours, s.transport, s.whatToBring, JSON.stringify(s.capabilities), s.phone, s.lat, s.lng]);
    siteIds.push(r.insertId);
  }
  const fixedSites = SITES.map((s, i) => ({ s, id: siteIds[i]! })).filter((x) => x.s.kind === 'fixed');
  const busSites = SITES.map((s, i) => ({ s, id: siteIds[i]! })).filter((x) => x.s.kind === 'bus');
  for (const k of KNOWLEDGE) await exec(ds, 'INSERT INTO knowledge_article (category, title, body, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [k.category, k.title, k.body, JSON.stringify(k.tags), nowTs, nowTs]);
  for (const [callType, lines] of Object.entries(DEFAULT_PHRASE_SCRIPTS)) {
    await exec(ds, 'INSERT INTO phrase_script_version (call_type, version, body, note, active, created_by_id, created_at) VALUES (?, 1, ?, ?, 1, NULL, ?)', [
      callType, JSON.stringify(lines), '默认话术 / default script', nowTs,
    ]);
  }
  for (const p of REIMBURSEMENT_DEMO) {
    await exec(ds, 'INSERT INTO reimbursement_policy (province, title, effective_from, rules, updated_at) VALUES (?, ?, ?, ?, ?)', [p.province, p.title, p.effectiveFrom, JSON.stringify(p.rules), nowTs]);
  }

  // ---- bulk part ----------------------------------------------------------------------------------------------
  const w = new BulkWriter(ds);
  await w.open();
  try {
    const slots: SlotModel[] = [];
    let slotId = await maxId(ds, 'appointment_slot');
    const SLOT_COLS = ['id', 'site_id', 'type', 'starts_at', 'ends_at', 'capacity', 'booked'];
    for (let d = 0; d < 14; d++) {
      const day = addDays(today, d);
      const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // 1 = Monday
      const plan: [number, DonationType, number, number, number][] = []; // siteId, type, hour, minute, capacity
      for (const f of fixedSites) {
        if (f.s.code === 'QD-CHENGYANG' && weekday === 1) continue;
        for (const [h, m] of [[8, 30], [10, 0], [13, 30], [15, 0]] as const) plan.push([f.id, 'platelets', h, m, 3]);
        for (let h = 9; h <= 16; h++) plan.push([f.id, 'whole-blood', h, 0, 6]);
        if (f.s.capabilities.includes('plasma')) plan.push([f.id, 'plasma', 10, 30, 2]);
      }
      for (const b of busSites) {
        const weekend = weekday >= 6;
        if ((b.s.code === 'QD-BUS-TAIDONG' || b.s.code === 'QD-BUS-JIMO') && !weekend) continue;
        if (b.s.code === 'QD-BUS-JINJIALING' && weekend) continue;
        for (const [h, m] of [[9, 30], [11, 0], [13, 30], [15, 0]] as const) plan.push([b.id, 'whole-blood', h, m, 10]);
      }
      for (const [siteId, type, h, m, cap] of plan) {
        const startsAt = cnInstant(day, h, m);
        const minutes = type === 'whole-blood' ? (siteIds.indexOf(siteId) >= fixedSites.length ? 90 : 60) : 90;
        slots.push({ id: ++slotId, siteId, type, startsAt, day, capacity: cap, booked: 0 });
        await w.add('appointment_slot', SLOT_COLS, [slotId, siteId, type, sqlTime(startsAt), sqlTime(new Date(startsAt.getTime() + minutes * 60_000)), cap, 0]);
      }
    }
    const futureSlots = slots.filter((s) => s.startsAt > new Date(noon.getTime() + 3600_000));
    await w.checkpoint(true);

    const campaignId = (await maxId(ds, 'campaign')) + 1;
    await w.add('campaign', ['id', 'name', 'purpose', 'segment', 'donation_type', 'status', 'description', 'starts_on', 'ends_on', 'created_by_id', 'created_at'], [
      campaignId, '冬季单采血小板召回', 'recruitment', null, 'platelets', 'active', '召回半年以上未再捐献的单采血小板献血者（一次性献血者占八成）。', addDays(today, -45), addDays(today, 45), accountManagers[0] ?? null, created(45),
    ]);

    const DONOR_COLS = ['id', 'name', 'gender', 'birth_date', 'national_id_hash', 'national_id_last4', 'national_id_masked', 'national_id_cipher', 'blood_abo', 'blood_rh',
      'occupation', 'segment', 'tags', 'media_source', 'consent_recruitment', 'consent_sms', 'consent_health_data', 'do_not_call', 'had_adverse_reaction', 'weight_kg',
      'account_manager_id', 'points', 'address', 'notes', 'created_at', 'updated_at',
      // the donation facts of the rows written with the donor (the seed is a donation writer: db/integration/donation-facts.ts)
      'donation_count', 'first_donation_date', 'last_donation_date', 'last_donation_type', 'platelet_count', 'last_platelet_date'];
    const PHONE_COLS = ['donor_id', 'e164', 'kind', 'label', 'is_primary', 'created_at'];
    const DONATION_COLS = ['donor_id', 'site_id', 'type', 'date', 'volume_ml', 'units', 'outcome', 'created_at'];
    const DEFERRAL_COLS = ['donor_id', 'from_date', 'until', 'reason', 'types', 'created_at'];
    const APPT_COLS = ['donor_id', 'slot_id', 'site_id', 'type', 'starts_at', 'status', 'channel', 'call_id', 'created_by_id', 'cancelled_reason', 'created_at', 'updated_at'];
    const CONTACT_COLS = ['donor_id', 'call_id', 'channel', 'category', 'notes', 'outcome', 'agent_id', 'at'];
    const TICKET_COLS = ['id', 'donor_id', 'kind', 'status', 'subject', 'body', 'owner_id', 'created_by_id', 'call_id', 'due_at', 'created_at', 'updated_at', 'closed_at', 'source', 'priority', 'team', 'outcome'];
    const SURVEY_COLS = ['id', 'donor_id', 'call_id', 'channel', 'score', 'text', 'ticket_id', 'at'];
    // the survey SMS every recent donation got (delivered), and the replies matched to it (the satisfaction report)
    const OUTBOX_COLS = ['id', 'to_e164', 'template', 'payload', 'body', 'status', 'attempts', 'provider_id', 'last_error', 'next_attempt_at', 'created_at', 'sent_at', 'class', 'donor_id', 'ref', 'dedup_key', 'provider', 'delivered_at'];
    const INBOUND_COLS = ['from_e164', 'content', 'received_at', 'provider', 'provider_seq', 'donor_id', 'outbox_id', 'intent', 'score', 'ticket_id', 'survey_id'];
    const CARE_COLS = ['donor_id', 'kind', 'due_date', 'done_at', 'note', 'assigned_to_id'];
    const TARGET_COLS = ['campaign_id', 'donor_id', 'status', 'assigned_to_id'];
    const ATTEMPT_COLS = ['donor_id', 'campaign_id', 'channel', 'outcome', 'agent_id', 'call_id', 'at'];
    const REFERRAL_COLS = ['referrer_id', 'referred_name', 'referred_phone', 'referred_donor_id', 'converted', 'reward_points', 'at'];
    // register tables parents first (the writer flushes earlier-registered tables before later ones)
    let ticketId = await maxId(ds, 'ticket');
    let outboxId = await maxId(ds, 'sms_outbox');
    let surveyId = await maxId(ds, 'survey_response');
    let donorId = await maxId(ds, 'donor');
    const usedIds = new Set<string>();
    let targets = 0;
    const planned = new Map<number, number>(); // slot id → booked

    interface DonorPlan {
      name?: string;
      gender?: Gender;
      age?: number;
      phones?: { e164: string; kind: 'mobile' | 'fixed-line'; label: string | null }[];
      donations?: DonationFact[];
      deferrals?: (DeferralFact & { from: LocalDate })[];
      accountManagerId?: number | null;
      segment?: [SegmentTag, string];
      doNotCall?: boolean;
      complaint?: string;
      consent?: boolean;
      tags?: string[];
      media?: MediaSource;
      bloodAbo?: AboGroup | null;
    }

    const nationalIdFor = (birth: LocalDate, gender: Gender): string => {
      const region = prng.pick(QINGDAO_REGIONS);
      const ymd = birth.replace(/-/g, '');
      for (;;) {
        let seqN = prng.int(0, 999);
        if ((seqN % 2 === 1) !== (gender === 'male')) seqN = (seqN + 1) % 1000;
        const id = completeNationalId(`${region}${ymd}${String(seqN).padStart(3, '0')}`);
        if (!usedIds.has(id)) {
          usedIds.add(id);
          return id;
        }
      }
    };

    const writeDonor = async (p: DonorPlan): Promise<{ id: number; donations: DonationFact[]; mobile: string | null }> => {
      const id = ++donorId;
      const gender: Gender = p.gender ?? (prng.chance(0.52) ? 'male' : 'female');
      const age = p.age ?? prng.weighted<number>([[prng.int(18, 22), 22], [prng.int(23, 35), 38], [prng.int(36, 45), 24], [prng.int(46, 55), 14], [prng.int(56, 60), 2]]);
      const birth = addDays(addYears(today, -age), -prng.int(1, 364));
      const name = p.name ?? faker.person.fullName({ sex: gender === 'female' ? 'female' : 'male' });
      const nid = pii.protectNationalId(nationalIdFor(birth, gender));
      const donations = p.donations ?? [];
      const counted = donations.filter((d) => d.outcome !== 'rejected');
      const abo: AboGroup | null = p.bloodAbo !== undefined ? p.bloodAbo : counted.length ? prng.weighted(ABO) : null;
      const rh: RhFactor | null = abo ? (prng.chance(0.004) ? '-' : '+') : null;
      const seg = p.segment ?? (() => { const s = prng.weighted(SEGMENTS.map(([k, zh, wt]) => [[k, zh] as [SegmentTag, string], wt] as const)); return age <= 23 && prng.chance(0.6) ? (['student', '大学生'] as [SegmentTag, string]) : s; })();
      const tags = p.tags ?? [...(rh === '-' ? ['稀有血型'] : []), ...(counted.length >= 10 ? ['固定献血者'] : []), ...(seg[0] === 'student' ? ['高校'] : [])];
      const dnc = p.doNotCall ?? prng.chance(0.02);
      const consent = p.consent ?? prng.chance(0.86);
      const points = donationUnits(donations) * 10;
      const firstDonation = counted.length ? counted.map((d) => d.date).sort()[0]! : addDays(today, -prng.int(5, 900));
      const createdDays = Math.max(0, Math.round((Date.parse(today) - Date.parse(firstDonation)) / 86_400_000)) + 1;
      const address = prng.chance(0.35) ? `山东省青岛市${prng.pick(DISTRICTS)}${faker.location.street()}${prng.int(1, 300)}号` : null;
      const facts = donationFacts(donations); // the rows below are written in this order (ids ascending)
      await w.add('donor', DONOR_COLS, [
        id, name, gender, birth, nid.hash, nid.last4, nid.masked, nid.cipher, abo, rh, seg[1], seg[0], JSON.stringify(tags), p.media ?? prng.weighted(MEDIA),
        consent ? 1 : 0, prng.chance(0.9) ? 1 : 0, prng.chance(0.95) ? 1 : 0, dnc ? 1 : 0, prng.chance(0.03) ? 1 : 0,
        gender === 'female' ? prng.int(46, 75) : prng.int(52, 95), p.accountManagerId ?? null, points, address, null, created(createdDays), created(Math.min(createdDays, prng.int(0, 60))),
        facts.donationCount, facts.firstDonationDate, facts.lastDonationDate, facts.lastDonationType, facts.plateletCount, facts.lastPlateletDate,
      ]);
      const phones = p.phones ?? [{ e164: '', kind: 'mobile' as const, label: null }];
      let first = true;
      let mobile: string | null = null;
      for (const ph of phones) {
        let e164 = ph.e164;
        if (!e164) e164 = `+86${prng.pick(MOBILE_PREFIXES)}${String((id * 48_271 + seed) % 100_000_000).padStart(8, '0')}`;
        if (ph.kind === 'mobile' && mobile === null) mobile = e164;
        await w.add('donor_phone', PHONE_COLS, [id, e164, ph.kind, ph.label, first ? 1 : 0, created(createdDays)]);
        first = false;
      }
      for (const d of donations) {
        const site = d.type === 'whole-blood' && prng.chance(0.7) ? prng.pick(busSites).id : prng.pick(fixedSites).id;
        await w.add('donation', DONATION_COLS, [id, site, d.type, d.date, d.volumeMl ?? null, d.units ?? null, d.outcome, sqlTime(cnInstant(d.date, 11))]);
      }
      for (const df of p.deferrals ?? []) await w.add('deferral', DEFERRAL_COLS, [id, df.from, df.until, df.reason, df.types ? JSON.stringify(df.types) : null, sqlTime(cnInstant(df.from, 10))]);
      if (p.complaint) {
        ticketId++;
        await w.add('ticket', TICKET_COLS, [ticketId, id, 'complaint', accountManagers[0] ? 'assigned' : 'new', p.complaint, '献血者来电反映在献血车排队超过一小时，情绪较大，要求回复。', accountManagers[0] ?? null, null, null, sqlTime(new Date(noon.getTime() + 86_400_000)), created(2), created(2), null, 'manual', 'high', 'hotline', null]);
      }
      return { id, donations, mobile };
    };

    // ---- the well-known demo donors ---------------------------------------------------------------------------
    const demo = (k: DemoDonor['key']): DemoDonor => DEMO_DONORS.find((d) => d.key === k)!;
    const pltHistory: DonationFact[] = [];
    for (let i = 0, day = addDays(today, -20); i < 18; i++, day = addDays(day, -prng.int(28, 42))) pltHistory.push({ type: 'platelets', date: day, outcome: 'completed', units: 2 });
    const demoIds: Record<string, number> = {};
    demoIds['repeat-platelet'] = (await writeDonor({
      name: demo('repeat-platelet').name, gender: 'male', age: 42, phones: [{ e164: demo('repeat-platelet').e164, kind: 'mobile', label: '手机' }], donations: pltHistory,
      accountManagerId: demoUsers ? userIds.agent1! : accountManagers[0]!, segment: ['office-worker', '公司职员'], doNotCall: false, consent: true, bloodAbo: 'A', tags: ['固定献血者', '绿色通道'], media: 'workplace',
    })).id;
    demoIds.deferred = (await writeDonor({
      name: demo('deferred').name, gender: 'female', age: 36, phones: [{ e164: demo('deferred').e164, kind: 'mobile', label: '手机' }],
      donations: [{ type: 'whole-blood', date: addMonths(today, -8), outcome: 'completed', volumeMl: 400 }, { type: 'whole-blood', date: addMonths(today, -20), outcome: 'completed', volumeMl: 300 }],
      deferrals: [{ from: addDays(today, -3), until: addDays(today, 30), reason: '感冒服药', types: null }], segment: ['civil-servant', '公务员'], doNotCall: false, consent: true, bloodAbo: 'O',
    })).id;
    const fatherHistory: DonationFact[] = [0, 1, 2, 3, 4].map((k) => ({ type: 'whole-blood', date: addMonths(today, -(9 + k * 7)), outcome: 'completed', volumeMl: 400 }));
    demoIds['family-father'] = (await writeDonor({
      name: demo('family-father').name, gender: 'male', age: 51, phones: [{ e164: demo('family-father').e164, kind: 'mobile', label: '手机' }, { e164: DEMO_FAMILY_NUMBER.e164, kind: 'fixed-line', label: '家' }],
      donations: fatherHistory, segment: ['self-employed', '个体经营者'], doNotCall: false, consent: true, bloodAbo: 'B',
    })).id;
    demoIds['family-daughter'] = (await writeDonor({
      name: demo('family-daughter').name, gender: 'female', age: 20, phones: [{ e164: DEMO_FAMILY_NUMBER.e164, kind: 'fixed-line', label: '家' }],
      donations: [{ type: 'whole-blood', date: addMonths(today, -12), outcome: 'completed', volumeMl: 200 }], segment: ['student', '大学生'], doNotCall: false, consent: true, bloodAbo: 'B', media: 'campus',
    })).id;
    demoIds['first-timer'] = (await writeDonor({
      name: demo('first-timer').name, gender: 'male', age: 19, phones: [{ e164: demo('first-timer').e164, kind: 'mobile', label: '手机' }], donations: [], segment: ['student', '大学生'], doNotCall: false, consent: true, bloodAbo: null, media: 'campus',
    })).id;
    demoIds['open-complaint'] = (await writeDonor({
      name: demo('open-complaint').name, gender: 'male', age: 33, phones: [{ e164: demo('open-complaint').e164, kind: 'mobile', label: '手机' }],
      donations: [{ type: 'whole-blood', date: addDays(today, -9), outcome: 'completed', volumeMl: 400 }, { type: 'whole-blood', date: addMonths(today, -14), outcome: 'completed', volumeMl: 400 }],
      segment: ['office-worker', '公司职员'], doNotCall: false, consent: true, complaint: '献血车排队时间过长', bloodAbo: 'O',
    })).id;

    // ---- generated donors -------------------------------------------------------------------------------------
    const progressEvery = nDonors >= 100_000 ? 50_000 : nDonors >= 10_000 ? 5_000 : Math.max(500, Math.ceil(nDonors / 4));
    let familyPending: string | null = null;
    for (let i = 0; i < nDonors; i++) {
      const kind = prng.weighted<'new' | 'whole' | 'platelet'>([['new', 10], ['whole', 63], ['platelet', 27]]);
      const donations: DonationFact[] = [];
      let repeatPlatelet = false;
      if (kind === 'whole') {
        const count = prng.weighted<number>([[1, 55], [2, 20], [prng.int(3, 5), 15], [prng.int(6, 15), 10]]);
        let day = addDays(today, -prng.int(1, 1500));
        for (let k = 0; k < count; k++) {
          const outcome: DonationOutcome = prng.chance(0.02) ? 'rejected' : prng.chance(0.01) ? 'partial' : 'completed';
          donations.push({ type: 'whole-blood', date: day, outcome, volumeMl: outcome === 'rejected' ? null : prng.weighted([[400, 50], [300, 30], [200, 20]]) });
          day = addDays(day, -prng.int(183, 720));
        }
      } else if (kind === 'platelet') {
        repeatPlatelet = prng.chance(0.2);
        const count = repeatPlatelet ? prng.weighted<number>([[prng.int(2, 4), 40], [prng.int(5, 15), 45], [prng.int(16, 40), 15]]) : 1;
        let day = addDays(today, -prng.int(repeatPlatelet ? 14 : 30, repeatPlatelet ? 400 : 1800));
        for (let k = 0; k < count; k++) {
          const outcome: DonationOutcome = prng.chance(0.015) ? 'rejected' : 'completed';
          donations.push({ type: 'platelets', date: day, outcome, units: outcome === 'rejected' ? null : prng.chance(0.6) ? 2 : 1 });
          day = addDays(day, -prng.int(16, 75));
        }
      }
      donations.reverse();
      const deferrals: (DeferralFact & { from: LocalDate })[] = [];
      if (prng.chance(0.04)) {
        const from = addDays(today, -prng.int(0, 90));
        deferrals.push({ from, until: addDays(from, prng.int(7, 180)), reason: prng.pick(DEFERRAL_REASONS), types: null });
      } else if (prng.chance(0.004)) {
        deferrals.push({ from: addDays(today, -prng.int(30, 900)), until: null, reason: prng.pick(PERMANENT_REASONS), types: null });
      }
      const phones: NonNullable<DonorPlan['phones']> = [{ e164: '', kind: 'mobile', label: '手机' }];
      if (familyPending) {
        phones.push({ e164: familyPending, kind: 'fixed-line', label: '家' });
        familyPending = null;
      } else if (prng.chance(0.03)) {
        const landline = `+865328${prng.int(5, 7)}${String(prng.int(0, 999_999)).padStart(6, '0')}`;
        phones.push({ e164: landline, kind: 'fixed-line', label: '家' });
        if (prng.chance(0.4)) familyPending = landline; // the next donor shares it (a family number)
      }
      const { id, donations: dn, mobile } = await writeDonor({
        donations, deferrals, phones,
        accountManagerId: repeatPlatelet && prng.chance(0.7) ? prng.pick(accountManagers) : null,
      });
      await extras(id, dn, deferrals, kind, repeatPlatelet, mobile);
      if ((i + 1) % progressEvery === 0 || i + 1 === nDonors) {
        await w.checkpoint();
        const s = (Date.now() - t0) / 1000;
        log(`donors ${String(i + 1).padStart(String(nDonors).length)}/${nDonors}  ${s.toFixed(1)} s  ${Math.round((i + 1) / Math.max(s, 0.001))}/s`);
      }
    }

    // demo donors' extras: an upcoming booking for the repeat platelet donor, a contact for each
    await w.checkpoint(true);
    async function book(donor: number, facts: DonationFact[], deferrals: DeferralFact[], type: DonationType, channel: string, birthAge: number | null): Promise<boolean> {
      const candidates = futureSlots.filter((s) => s.type === type && s.booked < s.capacity);
      if (!candidates.length) return false;
      const slot = candidates[Math.floor(prng.next() * candidates.length)]!;
      const e = computeEligibility({ today: slot.day, birthDate: birthAge === null ? null : addYears(today, -birthAge), gender: 'male', donations: facts, deferrals }, DEFAULT_RULE_SET);
      if (!e.byType[type].eligibleNow) return false;
      slot.booked++;
      planned.set(slot.id, slot.booked);
      await w.add('appointment', APPT_COLS, [donor, slot.id, slot.siteId, type, sqlTime(slot.startsAt), 'booked', channel, null, null, null, created(prng.int(0, 6)), created(0)]);
      return true;
    }

    async function extras(id: number, dn: DonationFact[], deferrals: DeferralFact[], kind: string, repeatPlatelet: boolean, mobile: string | null): Promise<void> {
      const last = dn.length ? dn[dn.length - 1]! : null;
      // upcoming bookings (~3%): repeat platelet donors book more
      if (prng.chance(repeatPlatelet ? 0.25 : 0.02)) await book(id, dn, deferrals, kind === 'platelet' ? 'platelets' : 'whole-blood', prng.weighted([['ivr', 35], ['agent', 45], ['web', 20]]), null);
      // contact history (~15%)
      if (prng.chance(0.15)) {
        const n = prng.int(1, 3);
        for (let k = 0; k < n; k++) {
          const cat = prng.weighted<ContactCategory>([['consultation', 30], ['booking', 20], ['eligibility', 15], ['reschedule', 8], ['reimbursement', 6], ['care', 8], ['recall', 6], ['suggestion', 3], ['complaint', 2], ['other', 2]]);
          await w.add('contact_record', CONTACT_COLS, [id, null, prng.chance(0.85) ? 'call' : 'sms', cat, prng.pick(CONTACT_NOTES[cat]), null, prng.pick(contactAgents), created(prng.int(1, 700))]);
        }
      }
      // tickets (~1.5%; some open complaints)
      if (prng.chance(0.015)) {
        const tk = prng.weighted<TicketKind>([['consultation', 35], ['complaint', 25], ['suggestion', 20], ['callback', 20]]);
        const open = tk === 'complaint' ? prng.chance(0.25) : prng.chance(0.15);
        const st: TicketStatus = open ? 'assigned' : prng.chance(0.5) ? 'resolved' : 'closed';
        const ago = prng.int(1, 300);
        ticketId++;
        await w.add('ticket', TICKET_COLS, [ticketId, id, tk, st, tk === 'complaint' ? prng.pick(['献血车排队时间过长', '护士穿刺后淤青', '短信通知地址有误']) : tk === 'suggestion' ? '建议增加夜间献血时段' : tk === 'callback' ? '满意度回访' : '咨询献血证补办',
          null, prng.pick(contactAgents), null, null, sqlTime(new Date(noon.getTime() - (ago - 3) * 86_400_000)), created(ago), created(Math.max(0, ago - 2)), open ? null : created(Math.max(0, ago - 2)),
          'manual', 'normal', 'hotline', open ? null : '已电话联系献血者并答复 / called the donor back and answered']);
      }
      // SMS survey after recent donations: 41% reply; repeat donors slightly less satisfied
      let surveySms: number | null = null;
      if (last && last.outcome !== 'rejected' && last.date > addDays(today, -90) && mobile) {
        const at = sqlTime(new Date(cnInstant(last.date, 12).getTime()));
        surveySms = ++outboxId;
        await w.add('sms_outbox', OUTBOX_COLS, [surveySms, mobile, 'survey', '{}', renderTemplate('survey', {}, '青岛市中心血站'), 'delivered', 1, `demo-${surveySms}`, null, at, at, at, 'notice', id, null, `survey:demo:${surveySms}`, 'sim', at]);
      }
      if (surveySms !== null && last && prng.chance(0.41)) {
        const repeat = dn.length >= 3;
        const score = prng.weighted<number>(repeat ? [[5, 45], [4, 28], [3, 13], [2, 8], [1, 6]] : [[5, 58], [4, 25], [3, 9], [2, 5], [1, 3]]);
        let tid: number | null = null;
        const daysAgo = Math.round((Date.parse(today) - Date.parse(last.date)) / 86_400_000);
        if (score <= 2) {
          ticketId++;
          tid = ticketId;
          const done = daysAgo > 7;
          await w.add('ticket', TICKET_COLS, [tid, id, 'callback', done ? 'resolved' : 'assigned', `满意度回访：评分${score}`, '短信满意度调查不满意，需人工回访。', prng.pick(contactAgents), null, null,
            sqlTime(new Date(cnInstant(last.date, 12).getTime() + 86_400_000)), created(daysAgo), created(Math.max(0, daysAgo - 1)), done ? created(Math.max(0, daysAgo - 1)) : null,
            'survey', 'high', 'hotline', done ? '已回访，献血者表示理解 / called back, the donor accepted the apology' : null]);
        }
        const answeredAt = sqlTime(new Date(cnInstant(last.date, 12).getTime() + 45 * 60_000));
        await w.add('survey_response', SURVEY_COLS, [++surveyId, id, null, 'sms', score, score <= 2 ? prng.pick(['等待时间太长', '护士态度一般', '针眼淤青']) : null, tid, answeredAt]);
        await w.add('sms_inbound', INBOUND_COLS, [mobile, String(score), answeredAt, 'sim', `demo-${surveyId}`, id, surveySms, 'score', score, tid, surveyId]);
      }
      // care: birthdays of repeat donors in the next 30 days; post-donation follow-up in the last week
      if (dn.length >= 3 && prng.chance(0.08)) await w.add('care_event', CARE_COLS, [id, 'birthday' satisfies CareKind, addDays(today, prng.int(0, 30)), null, '生日关怀短信/电话', prng.pick(accountManagers)]);
      if (last && last.date > addDays(today, -7)) await w.add('care_event', CARE_COLS, [id, 'post-donation' satisfies CareKind, addDays(last.date, 2), last.date < addDays(today, -3) ? created(1) : null, '献血后回访', null]);
      // referrals by repeat donors
      if (dn.length >= 3 && prng.chance(0.02)) {
        const converted = prng.chance(0.4);
        await w.add('referral', REFERRAL_COLS, [id, faker.person.fullName(), null, null, converted ? 1 : 0, converted ? 50 : 0, created(prng.int(10, 400))]);
      }
      // the recall campaign: lapsed one-time platelet donors (last donation > 6 months ago)
      if (kind === 'platelet' && !repeatPlatelet && last && last.date < addMonths(today, -6) && targets < 400 && prng.chance(0.3)) {
        targets++;
        const suppressed = targets % 25 === 0; // every 25th target: 5 failed attempts within 12 months → suppressed
        const attempts: [AttemptOutcome, number][] = suppressed
          ? [0, 1, 2, 3, 4].map((k) => [prng.pick<AttemptOutcome>(['no-answer', 'busy', 'reached-declined', 'sms-sent']), 300 - k * 55])
          : Array.from({ length: prng.int(0, 3) }, (_, k) => [prng.weighted<AttemptOutcome>([['no-answer', 35], ['busy', 10], ['reached-declined', 20], ['reached-later', 15], ['reached-booked', 10], ['sms-sent', 10]]), 40 - k * 10]);
        const status = suppressed ? 'suppressed' : attempts.length === 0 ? 'pending' : attempts.some(([o]) => o === 'reached-booked') ? 'booked' : 'contacted';
        await w.add('campaign_target', TARGET_COLS, [campaignId, id, status, prng.pick(accountManagers)]);
        for (const [o, ago] of attempts) await w.add('contact_attempt', ATTEMPT_COLS, [id, campaignId, o.startsWith('sms') ? 'sms' : 'voice', o, prng.pick(accountManagers), null, created(ago)]);
      }
    }

    // demo donors: the repeat platelet donor has a booking in 3 days and a recent contact
    const plt = futureSlots.find((s) => s.type === 'platelets' && s.day === addDays(today, 3) && s.booked < s.capacity);
    if (plt) {
      plt.booked++;
      planned.set(plt.id, plt.booked);
      await w.add('appointment', APPT_COLS, [demoIds['repeat-platelet']!, plt.id, plt.siteId, 'platelets', sqlTime(plt.startsAt), 'booked', 'agent', null, demoUsers ? userIds.agent1! : null, null, created(2), created(2)]);
    }
    await w.add('contact_record', CONTACT_COLS, [demoIds['repeat-platelet']!, null, 'call', 'booking', '预约单采血小板，客户经理电话确认', 'booked', demoUsers ? userIds.agent1! : accountManagers[0]!, created(2)]);
    await w.add('contact_record', CONTACT_COLS, [demoIds['open-complaint']!, null, 'call', 'complaint', '反映献血车排队时间长，已登记投诉工单', null, accountManagers[0]!, created(2)]);
    await w.add('contact_record', CONTACT_COLS, [demoIds.deferred!, null, 'call', 'eligibility', '告知暂缓献血至感冒痊愈停药后', null, accountManagers[0]!, created(3)]);
    await w.add('care_event', CARE_COLS, [demoIds['repeat-platelet']!, 'anniversary', addDays(today, 5), null, '第18次捐献血小板纪念', demoUsers ? userIds.agent1! : accountManagers[0]!]);
    await w.checkpoint(true);
    await w.close();
    // slot counters, written once from the plan
    for (const [id, booked] of planned) await exec(ds, 'UPDATE appointment_slot SET booked = ? WHERE id = ?', [booked, id]);
    // the points ledger behind donor.points (one entry per counting donation) and a small redemption catalogue
    await backfillDonationPoints(ds, kindOf(ds));
    for (const [name, cost, stock] of DEMO_REWARDS) await exec(ds, 'INSERT INTO reward_item (name, cost, stock, active, updated_at) VALUES (?, ?, ?, 1, ?)', [name, cost, stock, sqlTime(new Date())]);
  } catch (e) {
    await w.abort();
    throw e;
  }

  const rowsOut: Record<string, number> = {};
  for (const t of ['app_user', 'donation_site', 'appointment_slot', 'donor', 'donor_phone', 'donation', 'deferral', 'appointment', 'contact_record', 'ticket', 'survey_response', 'care_event', 'referral', 'campaign_target', 'contact_attempt', 'knowledge_article', 'phrase_script_version']) {
    const [r] = await rows<{ n: number }>(ds, `SELECT COUNT(*) AS n FROM ${t}`);
    rowsOut[t] = Number(r?.n ?? 0);
  }
  return { ...base_, skipped: false, seconds: (Date.now() - t0) / 1000, rows: rowsOut };
}
