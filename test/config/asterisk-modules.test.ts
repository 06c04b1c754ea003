/**
 * asterisk/modules.conf against the facts of Asterisk 22 (test/config/asterisk-modules.json, generated from the
 * Asterisk 22.10.1 source by scripts/asterisk-modules.ts) — runs without an Asterisk. With `autoload = no` Asterisk
 * loads ONLY the listed modules: a module whose `.requires` is not listed fails to load (res_ari without
 * res_websocket_client was the real-Asterisk finding), and a listed module that does not exist fails the start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
interface Facts { asterisk: string; builtin: string[]; modules: Record<string, { requires: string[]; optional: string[]; support: string }> }
const facts = JSON.parse(readFileSync(path.join(ROOT, 'test/config/asterisk-modules.json'), 'utf8')) as Facts;

export function parseModulesConf(text: string): { autoload: boolean; load: string[]; noload: string[] } {
  const out = { autoload: true, load: [] as string[], noload: [] as string[] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    const m = /^(\w+)\s*=>?\s*(.+)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    const name = value.trim().replace(/\.so$/, '');
    if (key === 'autoload') out.autoload = /^(yes|true|on|1)$/i.test(value.trim());
    else if (key === 'load' || key === 'preload' || key === 'require' || key === 'preload-require') out.load.push(name);
    else if (key === 'noload') out.noload.push(name);
  }
  return out;
}

/** What is wrong with a module list: unknown modules and unmet `.requires`, in words an operator understands. */
export function moduleProblems(conf: ReturnType<typeof parseModulesConf>, f: Facts): string[] {
  const problems: string[] = [];
  const loaded = new Set([...conf.load, ...f.builtin]);
  for (const m of conf.load) {
    const info = f.modules[m];
    if (!info) {
      problems.push(`${m}.so does not exist in Asterisk ${f.asterisk}`);
      continue;
    }
    if (info.support === 'deprecated') problems.push(`${m}.so is deprecated in Asterisk ${f.asterisk}`);
    if (conf.autoload) continue;
    for (const r of info.requires) if (!loaded.has(r)) problems.push(`${m}.so requires ${r}, which modules.conf does not load (autoload = no)`);
  }
  return problems;
}

describe('asterisk/modules.conf against Asterisk 22 (no Asterisk needed)', () => {
  const conf = parseModulesConf(readFileSync(path.join(ROOT, 'asterisk/modules.conf'), 'utf8'));

  it('the facts are those of Asterisk 22 and describe the modules the hotline relies on', () => {
    expect(facts.asterisk).toMatch(/^22\./);
    expect(facts.modules.res_ari?.requires).toContain('res_websocket_client');
    expect(facts.modules.res_pjsip_exten_state?.requires).toContain('res_pjsip_outbound_publish');
    expect(facts.modules.format_g722).toBeUndefined();
  });

  it('every loaded module exists, is not deprecated, and has every module it requires loaded too', () => {
    expect(conf.autoload).toBe(false);
    expect(conf.load.length).toBeGreaterThan(30);
    expect(moduleProblems(conf, facts)).toEqual([]);
  });

  it('catches the findings of the real Asterisk: a missing dependency and a module that does not exist', () => {
    const broken = parseModulesConf('[modules]\nautoload = no\nload = res_http_websocket.so\nload = res_stasis.so\nload = res_ari.so\nload = format_g722.so\n');
    expect(moduleProblems(broken, facts)).toEqual([
      'res_ari.so requires res_websocket_client, which modules.conf does not load (autoload = no)',
      'format_g722.so does not exist in Asterisk 22.10.1',
    ]);
  });

  it('loads what the platform needs: ARI, the security log, the WebRTC transport, PJSIPNotify, SendDTMF, ChanSpy and MUTEAUDIO', () => {
    for (const m of ['res_ari', 'res_ari_channels', 'res_security_log', 'res_pjsip_transport_websocket', 'res_pjsip_notify', 'app_senddtmf', 'app_chanspy', 'res_mutestream', 'func_pjsip_aor', 'func_pjsip_contact', 'codec_g722']) {
      expect(conf.load, m).toContain(m);
    }
  });
});
