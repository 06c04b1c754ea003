/**
 * Who may change what — the write rules of the desk's data, as pure functions the services call inside their
 * transaction (with the row as it is now) before writing. A denial is a DomainError FORBIDDEN naming the rule.
 *
 * Donors (PATCH /api/donors/:id):
 *  - national ID (set, change or clear): supervisor or admin. Agents give the ID when they register a donor; an
 *    existing record's ID is identity data an agent has no reason to rewrite (and a "this ID exists" answer would
 *    confirm guesses).
 *  - do-not-call: anyone may set it (the donor asked on the phone); clearing it is for a supervisor or admin.
 *  - consents (recruitment, SMS): anyone may withdraw one (the donor's request); granting one again is for a
 *    supervisor or admin — what widens contact with a donor needs a second person.
 *  - account manager: supervisor or admin (an agent cannot make themselves anyone's account manager).
 *  - everything else (name, gender, birth date, blood type, occupation, media source, tags, notes, address): any role.
 * Tickets (PATCH /api/tickets/:id):
 *  - status (close, resolve, reopen) and due date: the owner, or the creator of an unowned ticket, or a supervisor/admin.
 *  - owner: a supervisor/admin may assign anyone; the owner may hand their ticket over; anyone may claim an unowned
 *    ticket for themselves (and act on it as its owner in the same request).
 *  - a note alone: anyone.
 *  Creating a ticket for someone else (ownerId ≠ self): supervisor or admin.
 * Every change is audited with its old and new values (personal data masked): see the services.
 */
import type { DonorUpdate, TicketCreate, TicketUpdate } from '../contracts/dto.js';
import { DomainError } from '../errors.js';
import type { TicketStatus } from '../tickets/ticket.types.js';
import { isSupervising, type Actor } from './actor.js';

export interface DonorWriteFacts {
  hasNationalId: boolean;
  doNotCall: boolean;
  consentRecruitment: boolean;
  consentSms: boolean;
  accountManagerId: number | null;
}

function forbidden(zh: string, en: string, rule: string): DomainError {
  return new DomainError('FORBIDDEN', `${zh}需要主管或管理员操作 / ${en} needs a supervisor or an admin`, { rule });
}

/** null when `actor` may apply `input` to a donor that is currently `now`; else the FORBIDDEN error to throw. */
export function donorUpdateDenial(actor: Actor, now: DonorWriteFacts, input: DonorUpdate): DomainError | null {
  if (isSupervising(actor.role)) return null;
  if (input.nationalId !== undefined) {
    const clearing = input.nationalId === null || input.nationalId.trim() === '';
    if (!(clearing && !now.hasNationalId)) return forbidden('修改身份证号码', 'changing a national ID', 'donor.national-id');
  }
  if (input.doNotCall === false && now.doNotCall) return forbidden('解除"勿扰"', 'clearing do-not-call', 'donor.do-not-call.clear');
  if (input.consentRecruitment === true && !now.consentRecruitment) return forbidden('恢复招募同意', 'granting recruitment consent', 'donor.consent.grant');
  if (input.consentSms === true && !now.consentSms) return forbidden('恢复短信同意', 'granting SMS consent', 'donor.consent.grant');
  if (input.accountManagerId !== undefined && input.accountManagerId !== now.accountManagerId) {
    return forbidden('指定客户经理', 'assigning an account manager', 'donor.account-manager');
  }
  return null;
}

export interface TicketWriteFacts {
  ownerId: number | null;
  createdById: number | null;
  status: TicketStatus;
}

/** null when `actor` may apply `u` to a ticket that is currently `t`; else the FORBIDDEN error to throw. */
export function ticketUpdateDenial(actor: Actor, t: TicketWriteFacts, u: TicketUpdate): DomainError | null {
  if (isSupervising(actor.role)) return null;
  const owner = t.ownerId === actor.id || (t.ownerId === null && t.createdById === actor.id);
  const claiming = t.ownerId === null && u.ownerId === actor.id;
  const mayActAsOwner = owner || claiming;
  if (u.ownerId !== undefined && u.ownerId !== t.ownerId && !mayActAsOwner) {
    return new DomainError('FORBIDDEN', '只有工单负责人、主管或管理员可以转派该工单 / only the ticket\'s owner, a supervisor or an admin may reassign it', { rule: 'ticket.reassign' });
  }
  if (u.status !== undefined && u.status !== t.status && !mayActAsOwner) {
    return new DomainError('FORBIDDEN', '只有工单负责人、主管或管理员可以更改工单状态（如关闭）/ only the ticket\'s owner, a supervisor or an admin may change its status (e.g. close it)', { rule: 'ticket.status' });
  }
  if (u.dueAt !== undefined && !mayActAsOwner) {
    return new DomainError('FORBIDDEN', '只有工单负责人、主管或管理员可以修改截止时间 / only the ticket\'s owner, a supervisor or an admin may change the due date', { rule: 'ticket.due' });
  }
  return null;
}

/** Opening a ticket in someone else's name is a supervisor's or admin's decision. */
export function ticketCreateDenial(actor: Actor, c: TicketCreate): DomainError | null {
  if (isSupervising(actor.role)) return null;
  if (c.ownerId !== undefined && c.ownerId !== null && c.ownerId !== actor.id) {
    return new DomainError('FORBIDDEN', '只有主管或管理员可以把新工单指派给他人 / only a supervisor or an admin may open a ticket for someone else', { rule: 'ticket.assign' });
  }
  return null;
}
