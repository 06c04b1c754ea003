import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConf } from '../config/conf-parser.js';
import { Dialplan } from './dialplan.js';
import { parseQueuesConf, type QueueDef } from './queue.js';
import type { DonorBehaviour } from './devices.js';

export type ProfileName = 'donorline' | 'lab';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/asterisk-sim */
export const PACKAGE_DIR = resolve(here, '..', '..');
/** the monorepo root */
export const REPO_DIR = resolve(PACKAGE_DIR, '..', '..');

export interface Profile {
  name: ProfileName;
  configDir: string;
  dialplan: Dialplan;
  queues: QueueDef[];
  persistentMembers: boolean;
  features: Map<string, string>;
  mohClasses: string[];
  username: string;
  secret: string;
  /** Simulated PJSIP agent phones (extensions). */
  agentExtensions: string[];
  donors: DonorBehaviour;
  /** ARI application names this profile's dialplan uses (for documentation and state). */
  stasisApps: string[];
}

export function defaultConfigDir(profile: ProfileName): string {
  return profile === 'lab' ? join(PACKAGE_DIR, 'profiles', 'lab') : join(REPO_DIR, 'asterisk');
}

function read(dir: string, file: string, required: boolean): string {
  const p = join(dir, file);
  if (!existsSync(p)) {
    if (required) throw new Error(`asterisk-sim: ${p} not found`);
    return '';
  }
  return readFileSync(p, 'utf8');
}

export function parseFeatures(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of parseConf(text)) for (const e of s.entries) out.set(e.key.toLowerCase(), e.value.trim());
  return out;
}

/** Load a profile's configuration from its directory of Asterisk `.conf` files. */
export function loadProfile(name: ProfileName, configDir = defaultConfigDir(name), loginTime = Math.floor(Date.now() / 1000)): Profile {
  const dialplan = Dialplan.fromConf(read(configDir, 'extensions.conf', true));
  const queuesCfg = parseQueuesConf(read(configDir, 'queues.conf', true), loginTime);
  const features = parseFeatures(read(configDir, 'features.conf', false));
  const moh = parseConf(read(configDir, 'musiconhold.conf', false))
    .map((s) => s.name)
    .filter((n) => n !== 'general');
  const agents: string[] = [];
  if (name === 'donorline') for (let i = 8001; i <= 8050; i++) agents.push(String(i));
  return {
    name,
    configDir,
    dialplan,
    queues: queuesCfg.queues,
    persistentMembers: queuesCfg.persistentmembers,
    features,
    mohClasses: moh.length ? moh : ['default'],
    username: name === 'lab' ? 'cti' : 'donorline',
    secret: name === 'lab' ? 'cti-secret' : 'donorline',
    agentExtensions: agents,
    donors: { behaviour: 'answer', answerAfterMs: 3000, talkMs: 8000 },
    stasisApps: name === 'lab' ? ['ivr-app'] : ['donorline-ivr'],
  };
}
