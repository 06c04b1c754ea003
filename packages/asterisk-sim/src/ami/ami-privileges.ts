import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConf } from '../config/conf-parser.js';

/** manager.conf's permission classes (`read =` / `write =`), as manager.c names them. */
export const AMI_PRIVILEGES = [
  'system', 'call', 'log', 'verbose', 'command', 'agent', 'user', 'config', 'dtmf', 'reporting', 'cdr', 'dialplan', 'originate', 'agi', 'cc',
  'aoc', 'test', 'security', 'message',
] as const;
export type AmiPrivilege = (typeof AMI_PRIVILEGES)[number];

/** A user's classes: a set, or every class (`all`). */
export type PrivilegeSet = ReadonlySet<AmiPrivilege> | 'all';

/**
 * The classes each simulated action is registered with in Asterisk 22 (`ast_manager_register_xml(name, authority,
 * …)` in manager.c, app_queue.c, app_mixmonitor.c …). Since Asterisk 1.6 a user needs ANY ONE of them in its
 * `write` classes; an empty list means no class is needed. Notably MixMonitor is `system` only, while
 * StopMixMonitor and MixMonitorMute also accept `call`.
 */
export const ACTION_CLASSES: Readonly<Record<string, readonly AmiPrivilege[]>> = {
  login: [], logoff: [], challenge: [], ping: [], events: [], listcommands: [], queuestatus: [], queuesummary: [],
  hangup: ['system', 'call'],
  status: ['system', 'call', 'reporting'],
  setvar: ['call'],
  getvar: ['call', 'reporting'],
  redirect: ['call'],
  atxfer: ['call'],
  blindtransfer: ['call'],
  playdtmf: ['call'],
  originate: ['originate'],
  command: ['command'],
  coresettings: ['system', 'reporting'],
  corestatus: ['system', 'reporting'],
  coreshowchannels: ['system', 'reporting'],
  userevent: ['user'],
  devicestatelist: ['call', 'reporting'],
  queueadd: ['agent'],
  queueremove: ['agent'],
  queuepause: ['agent'],
  queuepenalty: ['agent'],
  mixmonitor: ['system'],
  stopmixmonitor: ['system', 'call'],
  mixmonitormute: ['system', 'call'],
};

/** `call,agent,user` / `all` / `` → the set of classes (unknown names are ignored, as Asterisk does). */
export function parsePrivileges(value: string): PrivilegeSet {
  const out = new Set<AmiPrivilege>();
  for (const raw of value.split(',')) {
    const c = raw.trim().toLowerCase();
    if (c === 'all') return 'all';
    if ((AMI_PRIVILEGES as readonly string[]).includes(c)) out.add(c as AmiPrivilege);
  }
  return out;
}

/** May a user with these write classes run this action? Unknown actions are left to the caller. */
export function actionPermitted(write: PrivilegeSet, action: string): boolean {
  const needs = ACTION_CLASSES[action.toLowerCase()];
  if (!needs || needs.length === 0 || write === 'all') return true;
  return needs.some((c) => write.has(c));
}

/** `system,call` for ListCommands' `(Priv: …)`, `<none>` when no class is needed. */
export function privilegeLabel(action: string): string {
  const needs = ACTION_CLASSES[action.toLowerCase()] ?? [];
  return needs.length ? needs.join(',') : '<none>';
}

export interface AmiUserClasses {
  read: PrivilegeSet;
  write: PrivilegeSet;
  /** Where they came from, for logs and the simulator's state. */
  source: string;
}

/**
 * The classes of AMI user `username` from `<configDir>/manager.conf` (its `[username]` section — the very file a
 * real Asterisk reads), or undefined when there is no such file or user. Included files (the generated secret)
 * are not needed: only `read` and `write` matter here.
 */
export function managerUserClasses(configDir: string, username: string): AmiUserClasses | undefined {
  const file = join(configDir, 'manager.conf');
  if (!existsSync(file)) return undefined;
  let read: string | undefined;
  let write: string | undefined;
  for (const section of parseConf(readFileSync(file, 'utf8'))) {
    if (section.name !== username) continue;
    for (const e of section.entries) {
      const key = e.key.toLowerCase();
      if (key === 'read') read = e.value;
      else if (key === 'write') write = e.value;
    }
  }
  if (read === undefined && write === undefined) return undefined;
  return { read: parsePrivileges(read ?? ''), write: parsePrivileges(write ?? ''), source: `${file} [${username}]` };
}
