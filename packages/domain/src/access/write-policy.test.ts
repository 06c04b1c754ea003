import { describe, expect, it } from 'vitest';
import type { Role } from '../agents/agent.types.js';
import type { Donor360 } from '../contracts/dto.js';
import { donor360For } from './donor-view.js';
import { donorUpdateDenial, ticketCreateDenial, ticketUpdateDenial, type DonorWriteFacts } from './write-policy.js';

const agent = { id: 7, role: 'agent' as Role };
const quality = { id: 8, role: 'quality' as Role };
const supervisor = { id: 9, role: 'supervisor' as Role };
const admin = { id: 10, role: 'admin' as Role };
const donor: DonorWriteFacts = { hasNationalId: true, doNotCall: false, consentRecruitment: true, consentSms: false, accountManagerId: 3 };

describe('donor write rules', () => {
  it('agents (and quality) may not touch the national ID, widen contact or assign account managers', () => {
    for (const who of [agent, quality]) {
      expect(donorUpdateDenial(who, donor, { nationalId: '370202199001011234' })?.details).toMatchObject({ rule: 'donor.national-id' });
      expect(donorUpdateDenial(who, donor, { nationalId: null })?.code).toBe('FORBIDDEN');
      expect(donorUpdateDenial(who, { ...donor, doNotCall: true }, { doNotCall: false })?.details).toMatchObject({ rule: 'donor.do-not-call.clear' });
      expect(donorUpdateDenial(who, donor, { consentSms: true })?.details).toMatchObject({ rule: 'donor.consent.grant' });
      expect(donorUpdateDenial(who, { ...donor, consentRecruitment: false }, { consentRecruitment: true })?.code).toBe('FORBIDDEN');
      expect(donorUpdateDenial(who, donor, { accountManagerId: who.id })?.details).toMatchObject({ rule: 'donor.account-manager' });
      expect(donorUpdateDenial(who, donor, { accountManagerId: null })?.message).toMatch(/客户经理.*需要主管或管理员.*\/ assigning an account manager needs a supervisor/);
    }
  });

  it('agents may narrow contact on the donor\'s request and edit everything else; unchanged values are no change', () => {
    expect(donorUpdateDenial(agent, donor, { doNotCall: true })).toBeNull();
    expect(donorUpdateDenial(agent, donor, { consentRecruitment: false, consentSms: false })).toBeNull();
    expect(donorUpdateDenial(agent, donor, { name: '王五', notes: 'x', address: 'y', tags: ['a'], bloodType: 'A+', birthDate: '1990-01-01' })).toBeNull();
    expect(donorUpdateDenial(agent, donor, { accountManagerId: 3, doNotCall: false, consentRecruitment: true })).toBeNull();
    expect(donorUpdateDenial(agent, { ...donor, hasNationalId: false }, { nationalId: '' })).toBeNull();
  });

  it('supervisors and admins may do all of it', () => {
    for (const who of [supervisor, admin]) {
      expect(donorUpdateDenial(who, { ...donor, doNotCall: true }, { nationalId: '370202199001011234', doNotCall: false, consentSms: true, accountManagerId: 12 })).toBeNull();
    }
  });
});

describe('ticket write rules', () => {
  const owned = { ownerId: 20, createdById: 21, status: 'assigned' as const };
  const unowned = { ownerId: null, createdById: 21, status: 'new' as const };

  it('only the owner, a supervisor or an admin closes or reassigns a ticket', () => {
    expect(ticketUpdateDenial(agent, owned, { status: 'closed' })?.details).toMatchObject({ rule: 'ticket.status' });
    expect(ticketUpdateDenial(agent, owned, { ownerId: agent.id })?.details).toMatchObject({ rule: 'ticket.reassign' });
    expect(ticketUpdateDenial(agent, owned, { dueAt: '2026-12-01T00:00:00Z' })?.details).toMatchObject({ rule: 'ticket.due' });
    expect(ticketUpdateDenial(quality, owned, { status: 'resolved' })?.code).toBe('FORBIDDEN');
    expect(ticketUpdateDenial({ id: 20, role: 'agent' }, owned, { status: 'closed', ownerId: 22, dueAt: null })).toBeNull();
    expect(ticketUpdateDenial(supervisor, owned, { status: 'closed', ownerId: 22 })).toBeNull();
    expect(ticketUpdateDenial(admin, owned, { ownerId: null })).toBeNull();
  });

  it('anyone may add a note or claim an unowned ticket; the creator of an unowned ticket acts as its owner', () => {
    expect(ticketUpdateDenial(agent, owned, { note: '已回电' })).toBeNull();
    expect(ticketUpdateDenial(agent, owned, { status: 'assigned', note: 'same status' })).toBeNull();
    expect(ticketUpdateDenial(agent, unowned, { ownerId: agent.id, status: 'in-progress' })).toBeNull();
    expect(ticketUpdateDenial(agent, unowned, { ownerId: 99 })?.code).toBe('FORBIDDEN');
    expect(ticketUpdateDenial(agent, unowned, { status: 'closed' })?.code).toBe('FORBIDDEN');
    expect(ticketUpdateDenial({ id: 21, role: 'agent' }, unowned, { status: 'closed' })).toBeNull();
  });

  it('opening a ticket for someone else is a supervisor\'s or admin\'s', () => {
    expect(ticketCreateDenial(agent, { kind: 'callback', subject: 's', ownerId: 99 })?.details).toMatchObject({ rule: 'ticket.assign' });
    expect(ticketCreateDenial(agent, { kind: 'callback', subject: 's', ownerId: agent.id })).toBeNull();
    expect(ticketCreateDenial(agent, { kind: 'callback', subject: 's' })).toBeNull();
    expect(ticketCreateDenial(supervisor, { kind: 'callback', subject: 's', ownerId: 99 })).toBeNull();
  });
});

describe('what each role sees of a donor', () => {
  const view = {
    birthDate: '1990-03-15', age: 36, nationalIdMasked: '**************1234',
    careEvents: [{ id: 1, kind: 'birthday', dueDate: '2027-03-15', doneAt: null, note: null }, { id: 2, kind: 'holiday', dueDate: '2027-01-28', doneAt: null, note: null }],
  } as unknown as Donor360;

  it('agents get the age but never the birth date, and birthday care by month only', () => {
    const v = donor360For('agent', view);
    expect(v.birthDate).toBeNull();
    expect(v.age).toBe(36);
    expect(v.careEvents.map((c) => c.dueDate)).toEqual(['2027-03', '2027-01-28']);
    expect(JSON.stringify(v)).not.toContain('03-15');
  });

  it('oversight roles see the birth date', () => {
    for (const r of ['supervisor', 'quality', 'admin'] as const) expect(donor360For(r, view)).toBe(view);
  });
});
