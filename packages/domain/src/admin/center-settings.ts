/**
 * Center settings (administration → center): the center's name, the hotline number callers dial, the SMS signature
 * (【…】 the carrier requires on every message) and whether the IVR plays the recording notice. Stored in the
 * database; the desk header and the IVR read them. Pure and browser-safe.
 */
export interface CenterSettings {
  name: string;
  nameEn: string;
  hotline: string;
  smsSignature: string;
  recordingNotice: boolean;
  /** After a no-show, a kind SMS ("我们错过了您…") besides the callback task (db/attendance/). Off by default. */
  noShowSms: boolean;
}

export type CenterSettingsUpdate = Partial<CenterSettings>;

/** What a fresh install shows until an administrator saves the center's own values (the demo center). */
export const DEFAULT_CENTER_SETTINGS: Readonly<CenterSettings> = Object.freeze({
  name: '青岛市中心血站',
  nameEn: 'Qingdao Central Blood Station',
  hotline: '96606',
  smsSignature: '青岛市中心血站',
  recordingNotice: true,
  noShowSms: false,
});

export const CENTER_SETTING_KEYS = ['name', 'nameEn', 'hotline', 'smsSignature', 'recordingNotice', 'noShowSms'] as const;

export interface CenterSettingIssue {
  field: keyof CenterSettings;
  zh: string;
  en: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Problems of a change (empty = fine); only the fields present are checked. */
export function checkCenterSettings(u: CenterSettingsUpdate): CenterSettingIssue[] {
  const out: CenterSettingIssue[] = [];
  const text = (field: 'name' | 'nameEn', v: unknown, zh: string, en: string): void => {
    if (v === undefined) return;
    const s = typeof v === 'string' ? v.trim() : '';
    if (!s || s.length > 60 || CONTROL.test(s)) out.push({ field, zh: `${zh}应为1–60个字符`, en: `the ${en} is 1–60 characters` });
  };
  text('name', u.name, '中心名称', 'center name');
  text('nameEn', u.nameEn, '英文名称', 'English name');
  if (u.hotline !== undefined && !/^[0-9]{3,20}$/.test(String(u.hotline).trim())) {
    out.push({ field: 'hotline', zh: '热线号码应为3–20位数字', en: 'the hotline number is 3–20 digits' });
  }
  if (u.smsSignature !== undefined) {
    const s = typeof u.smsSignature === 'string' ? u.smsSignature.trim() : '';
    // carriers accept 2–12 characters inside 【】; the brackets are added when a message is sent
    if (s.length < 2 || s.length > 12 || /[【】[\]]/.test(s) || CONTROL.test(s)) {
      out.push({ field: 'smsSignature', zh: '短信签名应为2–12个字符，不含【】', en: 'the SMS signature is 2–12 characters without 【】' });
    }
  }
  if (u.recordingNotice !== undefined && typeof u.recordingNotice !== 'boolean') {
    out.push({ field: 'recordingNotice', zh: '录音提示只能为开或关', en: 'the recording notice is on or off' });
  }
  if (u.noShowSms !== undefined && typeof u.noShowSms !== 'boolean') {
    out.push({ field: 'noShowSms', zh: '爽约短信只能为开或关', en: 'the no-show SMS is on or off' });
  }
  return out;
}
