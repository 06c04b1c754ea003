/** Validation of a site's fields (zh-CN / English messages), shared by create and update. */
import { hasForbiddenCharacters } from '../../admin/staff-rules.js';
import { SITE_CAPABILITIES, SITE_KINDS, type SiteCapability, type SiteKind } from '../../appointments/appointment.types.js';
import type { SiteInput } from '../../contracts/sites.js';
import { normalizePhone } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';

const bad = (zh: string, en: string): DomainError => new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);

function textOf(raw: unknown, max: number, zh: string, en: string, required: boolean): string {
  const v = typeof raw === 'string' ? raw.normalize('NFC').trim() : '';
  if (required && !v) throw bad(`请填写${zh}`, `${en} is required`);
  if (v.length > max) throw bad(`${zh}最多${max}个字符`, `${en} has at most ${max} characters`);
  if (hasForbiddenCharacters(v)) throw bad(`${zh}含有控制字符`, `${en} contains control characters`);
  return v;
}

export interface SiteFields {
  code: string; name: string; kind: SiteKind; district: string; address: string; phone: string | null; hours: string; transport: string;
  capabilities: SiteCapability[]; whatToBring: string | null; closesOnHolidays: boolean; active: boolean;
}

export const SITE_FIELDS: readonly (keyof SiteFields)[] = ['code', 'name', 'kind', 'district', 'address', 'phone', 'hours', 'transport', 'capabilities', 'whatToBring', 'closesOnHolidays', 'active'];

/** The full, checked field set of a site from an input (defaults for a new site from `base`). */
export function siteFields(input: Partial<SiteInput>, base: SiteFields | null, areaCode?: string): SiteFields {
  const pick = <K extends keyof SiteFields>(k: K): unknown => (k in input && (input as Record<string, unknown>)[k] !== undefined ? (input as Record<string, unknown>)[k] : base?.[k]);
  const code = textOf(pick('code'), 32, '编码', 'the code', true);
  if (!/^[A-Za-z0-9_-]+$/.test(code)) throw bad('编码只能包含字母、数字、_ 和 -', 'the code may hold letters, digits, _ and -');
  const kind = pick('kind');
  if (!(SITE_KINDS as readonly unknown[]).includes(kind)) throw bad(`无效的类型：${String(kind)}`, `invalid kind: ${String(kind)} (fixed, point, bus)`);
  const caps = pick('capabilities');
  if (!Array.isArray(caps) || !caps.length || !caps.every((c) => (SITE_CAPABILITIES as readonly unknown[]).includes(c))) {
    throw bad('请选择采集的献血类型（全血、血小板、血浆）', 'choose what the site collects (whole-blood, platelets, plasma)');
  }
  const capabilities = SITE_CAPABILITIES.filter((c) => caps.includes(c));
  if (kind === 'bus' && capabilities.some((c) => c !== 'whole-blood')) throw bad('献血车只能采集全血', 'a bus collects whole blood only');
  const rawPhone = pick('phone');
  let phone: string | null = null;
  if (typeof rawPhone === 'string' && rawPhone.trim()) {
    const p = normalizePhone(rawPhone, areaCode ? { defaultAreaCode: areaCode } : {});
    if (!p) throw bad(`电话号码无法识别：${rawPhone}`, `the phone number is not valid: ${rawPhone}`);
    phone = rawPhone.trim().slice(0, 20);
  }
  const wtb = pick('whatToBring');
  return {
    code: code.toUpperCase(), kind: kind as SiteKind, capabilities, phone,
    name: textOf(pick('name'), 100, '名称', 'the name', true),
    district: textOf(pick('district'), 50, '区县', 'the district', false),
    address: textOf(pick('address'), 255, '地址', 'the address', true),
    hours: textOf(pick('hours'), 255, '开放时间', 'the opening hours', true),
    transport: textOf(pick('transport'), 500, '交通', 'the transport', false),
    whatToBring: typeof wtb === 'string' && wtb.trim() ? textOf(wtb, 2000, '携带物品', 'what to bring', false) : null,
    closesOnHolidays: Boolean(pick('closesOnHolidays') ?? false),
    active: Boolean(pick('active') ?? true),
  };
}
