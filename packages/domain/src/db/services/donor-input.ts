/** Validation and normalisation of a donor's create/update input (nothing is written when anything is wrong). */
import type { DonorUpdate } from '../../contracts/dto.js';
import { ABO_GROUPS, GENDERS, MEDIA_SOURCES, RH_FACTORS, type AboGroup, type BloodType, type Gender, type RhFactor } from '../../donors/donor.types.js';
import { birthDateFromNationalId, genderFromNationalId, normalizeNationalId } from '../../donors/national-id.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import { isLocalDate, type LocalDate } from '../../time/local-date.js';
import { bilingual, checkBirthDate } from '../../validation/input.js';
import type { PiiCipher } from '../pii.js';

const NAME_MAX = 50;

export interface DonorInput {
  name?: string; gender?: Gender; birthDate?: string | null; abo?: AboGroup | null; rh?: RhFactor | null; tags?: string[];
  nid?: ReturnType<PiiCipher['protectNationalId']> | null;
}

/** `today` (the center's local date) bounds the birth date: no future birth dates ("-5 岁"). */
export function validateDonorInput(pii: PiiCipher, input: DonorUpdate & { phone?: string }, creating: boolean, today: LocalDate): DonorInput {
  const out: DonorInput = {};
  if (creating || input.name !== undefined) {
    const name = (input.name ?? '').trim();
    if (!name || [...name].length > NAME_MAX) throw new DomainError('VALIDATION_FAILED', `姓名必填且不超过${NAME_MAX}字 / name is required (≤ ${NAME_MAX} characters)`);
    assertFreeText(name, TEXT_FIELDS.name);
    out.name = name;
  }
  if (input.gender !== undefined) {
    if (!GENDERS.includes(input.gender)) throw new DomainError('VALIDATION_FAILED', `invalid gender ${String(input.gender)}`);
    out.gender = input.gender;
  }
  if (input.birthDate !== undefined && input.birthDate !== null && !isLocalDate(input.birthDate)) throw new DomainError('VALIDATION_FAILED', '出生日期格式应为YYYY-MM-DD / birthDate must be YYYY-MM-DD');
  if (input.birthDate) {
    const p = checkBirthDate(input.birthDate, today);
    if (p) throw new DomainError('VALIDATION_FAILED', bilingual(p), { field: 'birthDate', problem: p.code });
  }
  if (input.birthDate !== undefined) out.birthDate = input.birthDate;
  if (input.nationalId !== undefined && input.nationalId !== null && input.nationalId.trim() !== '') {
    const id = normalizeNationalId(input.nationalId);
    out.nid = pii.protectNationalId(id);
    const fromId = birthDateFromNationalId(id)!;
    if (input.birthDate && input.birthDate !== fromId) throw new DomainError('VALIDATION_FAILED', '出生日期与身份证号码不符 / birthDate does not match the national ID');
    out.birthDate = fromId;
    const g = genderFromNationalId(id);
    if (input.gender && input.gender !== 'unknown' && input.gender !== g) throw new DomainError('VALIDATION_FAILED', '性别与身份证号码不符 / gender does not match the national ID');
    if (creating && !input.gender) out.gender = g;
  } else if (input.nationalId !== undefined) {
    out.nid = null;
  }
  if (input.bloodType !== undefined) {
    if (input.bloodType === null) {
      out.abo = null;
      out.rh = null;
    }
    else {
      const m = /^(A|B|O|AB)([+-])$/.exec(input.bloodType);
      if (!m || !ABO_GROUPS.includes(m[1] as AboGroup) || !RH_FACTORS.includes(m[2] as RhFactor)) throw new DomainError('VALIDATION_FAILED', `invalid blood type ${String(input.bloodType as BloodType)}`);
      out.abo = m[1] as AboGroup;
      out.rh = m[2] as RhFactor;
    }
  }
  if (input.mediaSource !== undefined && input.mediaSource !== null && !(MEDIA_SOURCES as readonly string[]).includes(input.mediaSource)) {
    throw new DomainError('VALIDATION_FAILED', `invalid mediaSource ${input.mediaSource}`);
  }
  if (input.occupation !== undefined && input.occupation !== null && [...input.occupation].length > 50) throw new DomainError('VALIDATION_FAILED', 'occupation too long');
  assertFreeText(input.occupation, TEXT_FIELDS.occupation);
  assertFreeText(input.notes, TEXT_FIELDS.donorNotes);
  assertFreeText(input.address, TEXT_FIELDS.address);
  for (const t of Array.isArray(input.tags) ? input.tags : []) if (typeof t === 'string') assertFreeText(t, TEXT_FIELDS.tag);
  if (input.tags !== undefined) {
    if (!Array.isArray(input.tags) || input.tags.length > 30 || input.tags.some((t) => typeof t !== 'string' || !t.trim() || t.length > 32)) {
      throw new DomainError('VALIDATION_FAILED', 'tags must be ≤ 30 non-empty strings of ≤ 32 characters');
    }
    out.tags = [...new Set(input.tags.map((t) => t.trim()))];
  }
  if (input.address !== undefined && input.address !== null && input.address.length > 255) throw new DomainError('VALIDATION_FAILED', 'address too long');
  return out;
}
