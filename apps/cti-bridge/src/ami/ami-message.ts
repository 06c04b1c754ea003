// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the untyped CJS library's local types must reach every project that compiles this file (test/, scripts/)
/// <reference path="./asterisk-manager.d.ts" />
import type { RawAmiMessage } from 'asterisk-manager';

/**
 * One AMI message as the bridge reads it: header names lower-case (as asterisk-manager delivers them), values
 * trimmed, and the library's `variable`/`chanvariable` objects turned back into what they mean.
 */
export interface AmiMessage {
  /** Event name as Asterisk spells it (`Newchannel`), or undefined for a response. */
  readonly event: string | undefined;
  /** `Success` | `Error` | `Goodbye` | `Follows` for responses (and OriginateResponse events). */
  readonly response: string | undefined;
  readonly actionId: string | undefined;
  /** Every header, lower-case name → trimmed value. */
  readonly h: Readonly<Record<string, string>>;
  /** Channel variables sent as `Variable: NAME=value` lines (Status, Originate) or `ChanVariable(...)` headers. */
  readonly vars: Readonly<Record<string, string>> | undefined;
  /** When the bridge received it (ms since the epoch, with sub-ms precision). */
  readonly at: number;
}

const clean = (v: string): string => v.trim();

/**
 * Normalises one message from asterisk-manager's reader. The library lower-cases keys, keeps values untrimmed and
 * parses `Variable: X` into `{ variable: { X: '' } }` — for VarSet and Getvar the name is in that object and the
 * value in `Value:`, elsewhere the object holds name → value pairs.
 */
export function normalizeAmi(raw: RawAmiMessage, at: number = performance.timeOrigin + performance.now()): AmiMessage {
  const h: Record<string, string> = {};
  let vars: Record<string, string> | undefined;
  let varObject: Record<string, string> | undefined;
  for (const key of Object.keys(raw)) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') {
      h[key] = clean(v);
    } else if (Array.isArray(v)) {
      h[key] = clean(String(v[0] ?? ''));
    } else if (key === 'variable') {
      varObject = v;
    } else if (key === 'chanvariable') {
      vars ??= {};
      for (const [n, val] of Object.entries(v)) vars[clean(n)] = clean(String(val));
    } else if (key.startsWith('chanvariable')) {
      // `ChanVariable(PJSIP/8001-0001): NAME=value` keeps the channel in the key
      vars ??= {};
      for (const [n, val] of Object.entries(v)) vars[clean(n)] = clean(String(val));
    }
  }
  if (varObject) {
    const names = Object.keys(varObject);
    if ('value' in h && names.length === 1 && varObject[names[0]!] === '') {
      h.variable = clean(names[0]!);
    } else {
      vars ??= {};
      for (const n of names) vars[clean(n)] = clean(String(varObject[n] ?? ''));
    }
  }
  return {
    event: h.event || undefined,
    response: h.response || undefined,
    actionId: h.actionid || undefined,
    h,
    vars,
    at,
  };
}
