/**
 * Demo donors for the administrators' preview of a phrase script: fictional records (dates relative to today) that
 * cover the facts a script can name — a deferred donor, a repeat donor with a booking and an open ticket, a donor
 * who never gave. The desk fills them exactly as it fills a real call (phraseFacts + fillPhrase).
 */
import { addDays, type AppointmentBrief, type PhraseFactInput, type TypeEligibility } from '@donorline/domain';
import { todayLocal } from './format.js';

export interface PhraseSample {
  key: 'deferred' | 'booked' | 'first-timer';
  input: PhraseFactInput;
}

const el = (type: TypeEligibility['type'], from: string | null, blockers: TypeEligibility['blockers'] = []): TypeEligibility => ({
  type, eligibleNow: blockers.length === 0 && from !== null, eligibleFrom: from, blockers,
});

export function phraseSamples(today = todayLocal()): PhraseSample[] {
  const agent = { name: '张敏', number: '1001' };
  const until = addDays(today, 30);
  const deferral = { code: 'deferral' as const, until, detail: { reason: '感冒服药' } };
  const lastWhole = addDays(today, -95);
  const lastPlatelets = addDays(today, -9);
  const plateletsFrom = addDays(today, 5);
  const appt: AppointmentBrief = { id: 1, siteId: 1, siteName: '台东献血屋', type: 'platelets', startsAt: `${addDays(today, 6)}T01:30:00.000Z`, status: 'booked', channel: 'agent' };
  return [
    {
      key: 'deferred',
      input: {
        agent,
        donor: {
          name: '李秀英', gender: 'female', donationCount: 3, lastDonationByType: { 'whole-blood': lastWhole },
          eligibility: { 'whole-blood': el('whole-blood', until, [deferral]), platelets: el('platelets', until, [deferral]), plasma: el('plasma', until, [deferral]) },
          activeDeferral: { id: 1, from: addDays(today, -3), until, reason: '感冒服药', types: null }, upcomingAppointments: [], tickets: [], surveys: [],
        },
      },
    },
    {
      key: 'booked',
      input: {
        agent,
        donor: {
          name: '王建华', gender: 'male', donationCount: 31, lastDonationByType: { 'whole-blood': addDays(today, -400), platelets: lastPlatelets },
          eligibility: {
            platelets: el('platelets', plateletsFrom, [{ code: 'interval', until: plateletsFrom, detail: { previousType: 'platelets', previousDate: lastPlatelets } }]),
            'whole-blood': el('whole-blood', addDays(today, 19), [{ code: 'interval', until: addDays(today, 19), detail: { previousType: 'platelets', previousDate: lastPlatelets } }]),
          },
          activeDeferral: null, upcomingAppointments: [appt],
          tickets: [{ id: 2031, kind: 'complaint', status: 'new', subject: '献血屋排队时间长', createdAt: `${today}T02:00:00.000Z`, dueAt: `${addDays(today, 1)}T09:00:00.000Z`, owner: null }],
          surveys: [{ id: 1, at: `${addDays(today, -8)}T03:00:00.000Z`, channel: 'sms', score: 2, text: null, callId: null }],
        },
        bookedOnCall: appt,
      },
    },
    {
      key: 'first-timer',
      input: {
        agent,
        donor: {
          name: '陈晨', gender: 'unknown', donationCount: 0, lastDonationByType: {},
          eligibility: { 'whole-blood': el('whole-blood', today), platelets: el('platelets', today) },
          activeDeferral: null, upcomingAppointments: [], tickets: [], surveys: [],
        },
      },
    },
  ];
}
