import { describe, expect, it } from 'vitest';
import { canonicalEmployeeNo, canonicalExtensions, canonicalUsername, ivrPinProblem, passwordProblem, usernameSkeleton } from './staff-rules.js';

describe('user names', () => {
  it('canonical: NFKC, lower case, trimmed — full-width and upper case name the same account', () => {
    expect(canonicalUsername('agent1')).toEqual({ ok: true, value: 'agent1' });
    expect(canonicalUsername('ａｇｅｎｔ１')).toEqual({ ok: true, value: 'agent1' });
    expect(canonicalUsername(' AGENT1 ')).toEqual({ ok: true, value: 'agent1' });
  });

  it('control and format characters are refused outright (NUL, RTL override, zero-width joiner)', () => {
    for (const s of ['agent1\0', 'agent1\u0000x', '\u202Eagent1', 'age\u200Dnt1', 'agent1\n']) expect(canonicalUsername(s)).toMatchObject({ ok: false, reason: 'forbidden-characters' });
  });

  it('accented look-alikes are not canonical account names, but their skeleton is the real name', () => {
    expect(canonicalUsername('àgent1')).toMatchObject({ ok: false, reason: 'pattern' });
    expect(usernameSkeleton('àgent1')).toBe('agent1');
    expect(usernameSkeleton('ÀＧＥＮＴ１')).toBe('agent1');
    expect(usernameSkeleton('agent1\0')).toBe('agent1');
  });
});

describe('staff fields', () => {
  it('employee numbers: full-width accepted, upper-cased; junk refused', () => {
    expect(canonicalEmployeeNo('１００１')).toEqual({ ok: true, value: '1001' });
    expect(canonicalEmployeeNo('qd-07')).toEqual({ ok: true, value: 'QD-07' });
    expect(canonicalEmployeeNo('10 01').ok).toBe(false);
  });

  it('extensions: 2–8 digits, de-duplicated in order', () => {
    expect(canonicalExtensions(['8001', '８００２', '8001'])).toEqual(['8001', '8002']);
    expect(canonicalExtensions(['80a1'])).toBeNull();
  });

  it('passwords set by an admin: at least 8 characters, not the user name', () => {
    expect(passwordProblem('short')).toBe('too-short');
    expect(passwordProblem('agent1234', 'agent1234')).toBe('same-as-username');
    expect(passwordProblem('a-good-passphrase')).toBeNull();
  });

  it('IVR PINs: 6–12 digits, not repeated or straight runs, not the employee number', () => {
    expect(ivrPinProblem('1234')).toBe('length');
    expect(ivrPinProblem('12a456')).toBe('digits');
    expect(ivrPinProblem('000000')).toBe('trivial');
    expect(ivrPinProblem('123456')).toBe('trivial');
    expect(ivrPinProblem('987654')).toBe('trivial');
    expect(ivrPinProblem('890123')).toBe('trivial');
    expect(ivrPinProblem('200100', '200100')).toBe('same-as-employee-no');
    expect(ivrPinProblem('730518')).toBeNull();
  });
});
