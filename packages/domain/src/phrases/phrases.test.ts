/** The phrase vocabulary: one placeholder per fact, filling from a donor's record, checking, versions, legacy names. */
import { describe, expect, it } from 'vitest';
import type { AppointmentBrief } from '../contracts/dto.js';
import type { TypeEligibility } from '../eligibility/eligibility.js';
import {
  checkPhraseText, checkScript, DEFAULT_PHRASE_SCRIPTS, diffScripts, fillPhrase, PHRASE_CALL_TYPES, PHRASE_PLACEHOLDERS, phraseFacts,
  placeholderByName, placeholderNames, upgradeLegacyText, type PhraseDonor, type PhraseFormatter,
} from './index.js';

/** Dates as 1月6日, times as 09:30 (Beijing), reasons by code — enough to read the sentences. */
const fmt: PhraseFormatter = {
  date: (d) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`,
  day: (iso) => fmt.date(new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)),
  time: (iso) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16),
  dayTime: (iso) => `${fmt.day(iso)} ${fmt.time(iso)}`,
  donationType: (t) => ({ 'whole-blood': '全血', platelets: '血小板', plasma: '血浆' })[t],
  reason: (b) => (b.code === 'deferral' ? `暂缓献血：${String(b.detail.reason)}` : `间隔不足（${b.code}）`),
  number: (n) => String(n),
};

const deferredUntil = '2027-01-06';
const el = (type: TypeEligibility['type'], from: string | null, blockers: TypeEligibility['blockers'] = []): TypeEligibility => ({
  type, eligibleNow: blockers.length === 0 && from !== null, eligibleFrom: from, blockers,
});

/** 李秀英 of the demo: last whole blood on 2026-10-02, deferred (medication) until 2027-01-06. */
const deferred: PhraseDonor = {
  name: '李秀英',
  gender: 'female',
  donationCount: 3,
  lastDonationByType: { 'whole-blood': '2026-10-02' },
  eligibility: {
    'whole-blood': el('whole-blood', deferredUntil, [{ code: 'deferral', until: deferredUntil, detail: { reason: '感冒服药' } }]),
    platelets: el('platelets', deferredUntil, [{ code: 'deferral', until: deferredUntil, detail: { reason: '感冒服药' } }]),
    plasma: el('plasma', deferredUntil, [{ code: 'deferral', until: deferredUntil, detail: { reason: '感冒服药' } }]),
  },
  activeDeferral: { id: 1, from: '2026-12-07', until: deferredUntil, reason: '感冒服药', types: null },
  upcomingAppointments: [],
};

const appt = (id: number, startsAt: string, status: AppointmentBrief['status'] = 'booked'): AppointmentBrief => ({
  id, siteId: 1, siteName: '台东献血屋', type: 'platelets', startsAt, status, channel: 'agent',
});

describe('placeholder vocabulary', () => {
  it('has one entry per fact, each findable by its Chinese and its English name, no name used twice', () => {
    const names = PHRASE_PLACEHOLDERS.flatMap((p) => [p.zh, p.en]);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PHRASE_PLACEHOLDERS) {
      expect(placeholderByName(p.zh)?.key).toBe(p.key);
      expect(placeholderByName(p.en)?.key).toBe(p.key);
    }
    // the facts the issue names each have their own placeholder
    for (const zh of ['上次全血日期', '上次血小板日期', '全血可献日期', '血小板可献日期', '暂缓原因', '暂缓截止', '预约日期', '预约时间', '预约地点']) {
      expect(placeholderByName(zh), zh).not.toBeNull();
    }
  });
});

describe('fillPhrase + phraseFacts', () => {
  it('a deferred donor hears her last donation, the end of the deferral and its reason — three different facts', () => {
    const facts = phraseFacts({ agent: { name: '张敏', number: '1001' }, donor: deferred });
    const bad = DEFAULT_PHRASE_SCRIPTS.eligibility!;
    const deferral = fillPhrase(bad[0]!.text, facts, fmt);
    expect(deferral.text).toBe('您目前暂缓献血（感冒服药），1月6日以后才能再献。');
    expect(deferral.complete).toBe(true);
    const interval = fillPhrase(bad[1]!.text, facts, fmt);
    expect(interval.text).toBe('您上次献血是10月2日（全血），全血最早1月6日可以再献（暂缓献血：感冒服药）。');
    // the bug of the old single {日期}: never the same date for "last donation" and "until"
    expect(interval.text).not.toMatch(/1月6日）/);
  });

  it('an appointment is never "last donation"; the booking on this call is the one the commitment names', () => {
    const d: PhraseDonor = { ...deferred, activeDeferral: null, eligibility: { platelets: el('platelets', '2026-12-20') }, upcomingAppointments: [appt(7, '2027-02-01T01:30:00Z')] };
    const bookedNow = appt(9, '2027-01-10T06:00:00Z');
    const facts = phraseFacts({ agent: null, donor: d, bookedOnCall: bookedNow });
    expect(fillPhrase('{上次献血日期}', facts, fmt).text).toBe('10月2日');
    expect(fillPhrase('{预约日期}{预约时间}，{预约地点}', facts, fmt).text).toBe('1月10日14:00，台东献血屋');
    // without a booking on this call, the upcoming one
    expect(fillPhrase('{appointmentDate} {appointmentTime}', phraseFacts({ agent: null, donor: d }), fmt, 'en').text).toBe('2月1日 09:30');
    // a cancelled booking names nothing
    const cancelled = phraseFacts({ agent: null, donor: { ...d, upcomingAppointments: [] }, bookedOnCall: appt(9, '2027-01-10T06:00:00Z', 'cancelled') });
    expect(cancelled.appointmentDate).toBeNull();
  });

  it('while ringing (no record open) nothing is a blank: missing facts read as their names, and say why they are missing', () => {
    const ringing = phraseFacts({ agent: { name: '张敏', number: '1001' }, donor: null });
    const f = fillPhrase('工号{工号}为您服务；最早{最早可献日期}', ringing, fmt);
    expect(f.text).toBe('工号1001为您服务；最早〔最早可献日期〕');
    expect(f.text).not.toMatch(/_|＿/);
    expect(f.unknown).toEqual(['nextEligibleDate']);
    expect(f.complete).toBe(false);
    const en = fillPhrase('earliest {nextEligibleDate}', ringing, fmt, 'en');
    expect(en.text).toBe('earliest [nextEligibleDate]');
    // a donor without a deferral: the deferral fact is absent (the phrase does not fit this donor)
    const none = phraseFacts({ agent: null, donor: { ...deferred, activeDeferral: null } });
    expect(fillPhrase('{暂缓原因}', none, fmt).absent).toEqual(['deferralReason']);
  });

  it('eligible now: no reason to give; the honorific follows the gender; the count is a number', () => {
    const d: PhraseDonor = { ...deferred, gender: 'male', name: '王建华', activeDeferral: null, eligibility: { 'whole-blood': el('whole-blood', '2026-12-01') } };
    const facts = phraseFacts({ agent: null, donor: d });
    expect(facts.notEligibleReason).toBeNull();
    expect(fillPhrase('{称呼}，您已献血{献血次数}次', facts, fmt).text).toBe('王先生，您已献血3次');
    expect(fillPhrase('{honorific}', facts, fmt, 'en').text).toBe('Mr 王');
  });
});

describe('checkPhraseText / checkScript', () => {
  it('refuses unknown and ambiguous placeholders with what to write instead, in both languages', () => {
    expect(checkPhraseText('最早{最早可献日期}可以')).toEqual([]);
    const [amb] = checkPhraseText('需要等到{日期}以后');
    expect(amb).toMatchObject({ code: 'AMBIGUOUS_PLACEHOLDER', name: '日期' });
    expect(amb!.message.zh).toContain('{上次献血日期}');
    expect(amb!.message.en).toContain('{nextEligibleDate}');
    expect(checkPhraseText('您好{客户名}')[0]).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', name: '客户名' });
    expect(checkPhraseText('您好{ 姓名 }')[0]?.code).toBe('UNBALANCED_BRACES');
    expect(checkPhraseText('  ')[0]?.code).toBe('EMPTY');
    expect(checkPhraseText('长'.repeat(501))[0]?.code).toBe('TOO_LONG');
  });

  it('a script names the line and field of each problem; every default script is valid', () => {
    const issues = checkScript({ lines: [{ stage: 'opening', text: '您好', textEn: null }, { stage: 'closing', text: '再见{时间}', textEn: 'bye {when}' }] });
    expect(issues.map((i) => [i.line, i.field, i.code])).toEqual([[1, 'text', 'AMBIGUOUS_PLACEHOLDER'], [1, 'textEn', 'UNKNOWN_PLACEHOLDER']]);
    expect(issues[0]!.message.zh).toMatch(/^第 2 条/);
    expect(checkScript({ lines: [] })[0]?.code).toBe('EMPTY');
    expect(checkScript({ lines: [{ stage: 'nonsense' as 'opening', text: 'x', textEn: null }] })[0]?.code).toBe('UNKNOWN_STAGE');
    for (const [type, lines] of Object.entries(DEFAULT_PHRASE_SCRIPTS)) {
      expect(PHRASE_CALL_TYPES).toContain(type);
      expect(checkScript({ lines: [...lines!] }), type).toEqual([]);
      for (const l of lines!) expect(placeholderNames(l.text).length, `${type}: zh and en name the same facts`).toBe(placeholderNames(l.textEn ?? '').length);
    }
  });

  it('diffs two versions line by line', () => {
    const a = [{ stage: 'opening' as const, text: '您好', textEn: null }, { stage: 'closing' as const, text: '再见', textEn: null }];
    const b = [{ stage: 'opening' as const, text: '您好！', textEn: null }, { stage: 'closing' as const, text: '再见', textEn: null }, { stage: 'other' as const, text: '补充', textEn: 'more' }];
    expect(diffScripts(a, b).map((c) => [c.line, c.kind])).toEqual([[0, 'changed'], [2, 'added']]);
    expect(diffScripts(b, a).map((c) => [c.line, c.kind])).toEqual([[0, 'changed'], [2, 'removed']]);
  });
});

describe('upgradeLegacyText (old seed scripts → the vocabulary)', () => {
  it('gives each loose name the fact it meant from where it stands', () => {
    expect(upgradeLegacyText('根据您上次{类型}献血（{日期}），这次需要等到{日期}以后才能再献。', { callType: 'eligibility', stage: 'bad-news' }))
      .toBe('根据您上次{上次献血类型}献血（{上次献血日期}），这次需要等到{最早可献日期}以后才能再献。');
    expect(upgradeLegacyText('Since your last donation on {date}, the next possible date is {date}.', { callType: 'eligibility', stage: 'bad-news' }, 'en'))
      .toBe('Since your last donation on {lastDonationDate}, the next possible date is {nextEligibleDate}.');
    expect(upgradeLegacyText('您明天还不能献血小板，距上次捐献需满两周，最早{日期}可以。', { callType: 'booking', stage: 'bad-news' })).toBe('您明天还不能献血小板，距上次捐献需满两周，最早{最早可献日期}可以。');
    expect(upgradeLegacyText('好的，给您约在{日期}{时间}，{地点}。', { callType: 'booking', stage: 'commitment' })).toBe('好的，给您约在{预约日期}{预约时间}，{预约地点}。');
    expect(upgradeLegacyText('您好，我是青岛市中心血站的{姓名}，之前您在{日期}参加过', { callType: 'recall', stage: 'opening' })).toBe('您好，我是青岛市中心血站的{坐席姓名}，之前您在{上次献血日期}参加过');
    expect(upgradeLegacyText('工单号{工单号}，{时间}前一定给您答复', { callType: 'complaint', stage: 'commitment' })).toBe('工单号{工单号}，{回复期限}前一定给您答复');
    expect(upgradeLegacyText('agent {id} speaking', { callType: 'inbound', stage: 'opening' }, 'en')).toBe('agent {agentNo} speaking');
    for (const t of ['根据您上次{类型}献血（{日期}），这次需要等到{日期}以后才能再献。', '工号{工号}', '{分数}分', '{次数}次']) {
      expect(checkPhraseText(upgradeLegacyText(t, { callType: 'eligibility', stage: 'bad-news' }))).toEqual([]);
    }
  });
});
