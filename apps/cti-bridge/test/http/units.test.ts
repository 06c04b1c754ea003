import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@donorline/domain';
import { redactUrl, toHttpError } from '../../src/http/index.js';
import { isSpaPath } from '../../src/http/desk-static.js';
import { PlaybackAuditor } from '../../src/http/playback-audit.js';
import { resolveRecordingFile } from '../../src/http/recording-files.js';

describe('resolveRecordingFile', () => {
  const dirs = { recordingsDir: '/data/rec', pbxRecordingsDir: '/var/spool/asterisk/monitor' };
  it('maps relative, in-dir and PBX paths into the recordings dir', () => {
    expect(resolveRecordingFile('a/b.wav', dirs)).toEqual({ root: path.resolve('/data/rec'), rel: path.join('a', 'b.wav') });
    expect(resolveRecordingFile('/data/rec/x.wav', dirs)).toEqual({ root: path.resolve('/data/rec'), rel: 'x.wav' });
    expect(resolveRecordingFile('/var/spool/asterisk/monitor/2026/q.wav', dirs)).toEqual({ root: path.resolve('/data/rec'), rel: path.join('2026', 'q.wav') });
  });
  it('refuses anything that leaves the recordings dir', () => {
    for (const p of ['../etc/passwd', '/etc/passwd', '/data/rec/../secret.wav', '/var/spool/asterisk/monitor/../../../etc/shadow', '/data/recordings-other/x.wav', '', 'a\0b', '/data/rec']) {
      expect(resolveRecordingFile(p, dirs), p).toBeNull();
    }
  });
});

describe('PlaybackAuditor', () => {
  function setup() {
    let now = 0;
    const writes: unknown[] = [];
    const a = new PlaybackAuditor({ write: async (e) => (writes.push(e), writes.length) }, 60_000, () => now);
    const req = (range: string | undefined, userId = 1) => a.onRequest({ userId, recordingId: 9, callId: 'c', range, ip: '127.0.0.1' });
    return { writes, req, advance: (ms: number) => (now += ms) };
  }
  it('one row per playback: the twin start requests and seeks are not counted again', async () => {
    const s = setup();
    expect(await s.req(undefined)).toBe(true); // wavesurfer's fetch
    expect(await s.req('bytes=0-')).toBe(false); // the media element, at once
    s.advance(20_000);
    expect(await s.req('bytes=40000-')).toBe(false); // a seek
    s.advance(10_000);
    expect(await s.req('bytes=0-')).toBe(true); // played again from the start
    expect(await s.req(undefined, 2)).toBe(true); // someone else
    s.advance(120_000);
    expect(await s.req('bytes=5000-')).toBe(true); // back after a while, straight into the middle
    expect(s.writes).toHaveLength(4);
    expect(s.writes[0]).toMatchObject({ actorId: 1, action: 'recording.play', subjectType: 'recording', subjectId: 9, ip: '127.0.0.1', detail: { callId: 'c' } });
  });
});

describe('HTTP helpers', () => {
  it('maps errors to the one body shape and status', () => {
    expect(toHttpError(new DomainError('SLOT_FULL', 'full'))).toEqual({ status: 409, body: { code: 'SLOT_FULL', message: 'full' } });
    expect(toHttpError(new DomainError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 5 }))).toEqual({ status: 429, body: { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterSeconds: 5 } } });
    expect(toHttpError(Object.assign(new Error('body/x must be string'), { validation: [{ instancePath: '/x', message: 'must be string' }], validationContext: 'body', statusCode: 400 })))
      .toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { issues: [{ path: 'body/x', message: 'must be string' }] } } });
    expect(toHttpError(Object.assign(new Error('too big'), { statusCode: 413 }))).toEqual({ status: 413, body: { code: 'VALIDATION_FAILED', message: 'too big' } });
    const internal = toHttpError(new Error('SELECT * FROM secret failed'));
    expect(internal.status).toBe(500);
    expect(internal.body.message).not.toContain('secret');
  });
  it('redacts the token of audio URLs and knows SPA paths', () => {
    expect(redactUrl('/api/recordings/3/audio?token=eyJhbGc.x.y&v=1')).toBe('/api/recordings/3/audio?token=***&v=1');
    expect(redactUrl('/api/recordings/3/audio?t=eyJhbGc.x.y')).toBe('/api/recordings/3/audio?t=***');
    expect(isSpaPath('/recordings/12?x=1')).toBe(true);
    expect(isSpaPath('/')).toBe(true);
    for (const p of ['/api/x', '/socket.io/', '/metrics', '/assets/a.js', '/favicon.ico']) expect(isSpaPath(p), p).toBe(false);
  });
});
