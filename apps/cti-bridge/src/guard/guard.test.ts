import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from './http-guard.js';
import { maskLogValue, redactUrl, serializeError } from './log-redaction.js';
import { RateBuckets, TokenBucket } from './token-bucket.js';

describe('token buckets', () => {
  it('a burst, then the rate; the wait until the next token; idle buckets are pruned', () => {
    let now = 0;
    const b = new TokenBucket(2, 3, () => now);
    expect([b.take(), b.take(), b.take()]).toEqual([0, 0, 0]);
    expect(b.take()).toBe(500);
    now = 500;
    expect(b.take()).toBe(0);
    expect(b.take()).toBe(500);
    const set = new RateBuckets<string>(1, 1, () => now);
    set.take('a');
    set.take('b');
    now += 5000;
    set.prune();
    expect(set.size).toBe(0);
  });
});

describe('log redaction', () => {
  it('query values: numbers masked like the desk, short digit runs starred, names masked; safe params and the path kept', () => {
    expect(redactUrl('/api/donors?phone=13800138000&page=2')).toBe('/api/donors?phone=138****8000&page=2');
    expect(redactUrl('/api/donors?q=370202199001011234')).toBe('/api/donors?q=3702**********1234');
    expect(redactUrl('/api/donors?idLast4=1234')).toBe('/api/donors?idLast4=****');
    expect(decodeURIComponent(redactUrl(`/api/donors?name=${encodeURIComponent('王建华')}`))).toBe('/api/donors?name=王*华');
    expect(redactUrl('/api/recordings/3/audio?token=eyJ.x.y&v=1')).toBe('/api/recordings/3/audio?token=***&v=1');
    expect(redactUrl('/api/calls/1795375724.0')).toBe('/api/calls/1795375724.0');
    expect(maskLogValue('199****0002')).toBe('***********');
  });

  it('errors lose driver parameters and SQL, and numbers in their message', () => {
    const e = Object.assign(new Error('lookup of 13800138000 failed'), { parameters: ['+8613800138000'], query: 'SELECT … WHERE e164 = ?', code: 'ER_X' });
    const s = serializeError(e);
    expect(JSON.stringify(s)).not.toContain('13800138000');
    expect(s).toMatchObject({ type: 'Error', message: 'lookup of 138****8000 failed', code: 'ER_X' });
    expect(s).not.toHaveProperty('parameters');
    expect(s).not.toHaveProperty('query');
  });
});

describe('the desk\'s CSP', () => {
  it('nginx (production front door) sends the same policy as the bridge', () => {
    const policy = Object.entries(CSP_DIRECTIVES).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
    const nginx = readFileSync(new URL('../../../agent-desk/nginx.conf', import.meta.url), 'utf8');
    const sent = [...nginx.matchAll(/add_header Content-Security-Policy "([^"]+)" always;/g)].map((m) => m[1]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const p of sent) expect(p).toBe(policy);
  });
});
