import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryDto, ErrorBody, Page, RecordingDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { createSigner } from 'fast-jwt';
import { buildTestApp, TEST_PASSWORD, testWav, type TestApp } from './test-app.js';

describeEachDb('recordings over HTTP', (ctx) => {
  let t: TestApp;
  const wav = testWav(8000); // 1 s, 16,044 bytes
  const rec: Record<'a1' | 'a2' | 'pbx' | 'outside', number> = { a1: 0, a2: 0, pbx: 0, outside: 0 };
  const tag = `r${Date.now() % 1e6}`;

  const plays = async (recordingId: number): Promise<AuditEntryDto[]> =>
    (await t.services.audit.list({ action: 'recording.play', subjectType: 'recording', subjectId: String(recordingId), pageSize: 100 })).items;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const dir = t.config.pbx.recordingsDir;
    mkdirSync(path.join(dir, '2026', '11'), { recursive: true });
    writeFileSync(path.join(dir, `${tag}-a1.wav`), wav);
    writeFileSync(path.join(dir, '2026', '11', `${tag}-a2.wav`), wav);
    writeFileSync(path.join(dir, '2026', '11', `${tag}-pbx.wav`), wav);
    const { agent1, agent2 } = t.users;
    const started = new Date(Date.now() - 600_000);
    await t.services.calls.upsert(`${tag}.1`, { caller: '13955552001', agentId: agent1.user.id, queue: 'hotline', startedAt: started, answeredAt: started, talkSeconds: 60 });
    await t.services.calls.upsert(`${tag}.2`, { caller: '13955552002', agentId: agent2.user.id, queue: 'hotline', startedAt: started, answeredAt: started, talkSeconds: 90 });
    // relative to the recordings dir; absolute inside it; the PBX's own path (MixMonitor); a path outside
    rec.a1 = (await t.services.calls.attachRecording(`${tag}.1`, { filePath: `${tag}-a1.wav`, durationSeconds: 1, sizeBytes: wav.length })).id;
    rec.a2 = (await t.services.calls.attachRecording(`${tag}.2`, { filePath: path.join(dir, '2026', '11', `${tag}-a2.wav`), durationSeconds: 1 })).id;
    rec.pbx = (await t.services.calls.attachRecording(`${tag}.2`, { filePath: `/var/spool/asterisk/monitor/2026/11/${tag}-pbx.wav`, durationSeconds: 1 })).id;
    rec.outside = (await t.services.calls.attachRecording(`${tag}.1`, { filePath: '/etc/hostname', durationSeconds: 1 })).id;
  }, 120_000);
  afterAll(async () => t?.close());

  /** The media URL the desk asks for before it points <audio> at a recording. */
  const mediaUrl = async (id: number, token: string): Promise<string> => {
    const r = await t.call<{ url: string; expiresAt: string }>('POST', `/api/recordings/${id}/media-url`, { token });
    if (r.status !== 200) throw new Error(`media-url ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.url;
  };

  const ids = (p: Page<RecordingDto>): number[] => p.items.map((r) => r.id).filter((id) => Object.values(rec).includes(id)).sort((a, b) => a - b);

  it('agents list only their own calls\' recordings; quality, supervisor and admin see all', async () => {
    const { agent1, agent2, quality, supervisor, admin } = t.users;
    expect(ids((await t.call<Page<RecordingDto>>('GET', '/api/recordings?pageSize=200', { token: agent1.token })).body)).toEqual([rec.a1, rec.outside]);
    expect(ids((await t.call<Page<RecordingDto>>('GET', '/api/recordings?pageSize=200', { token: agent2.token })).body)).toEqual([rec.a2, rec.pbx].sort((a, b) => a - b));
    const peek = await t.call<ErrorBody>('GET', `/api/recordings?agentId=${agent1.user.id}`, { token: agent2.token });
    expect(peek.status).toBe(403);
    for (const u of [quality, supervisor, admin]) {
      expect(ids((await t.call<Page<RecordingDto>>('GET', '/api/recordings?pageSize=200', { token: u.token })).body)).toEqual(Object.values(rec).sort((a, b) => a - b));
    }
    // full-number search, shown masked
    const byPhone = await t.call<Page<RecordingDto>>('GET', '/api/recordings?phone=13955552002', { token: quality.token });
    expect(ids(byPhone.body)).toEqual([rec.a2, rec.pbx].sort((a, b) => a - b));
    expect(byPhone.body.items[0]!.callerMasked).toBe('139****2002');
    expect(JSON.stringify(byPhone.body)).not.toContain('13955552002');
    expect(JSON.stringify(byPhone.body)).not.toContain('spool');
  });

  it('metadata: another agent\'s recording is 403 for an agent; the file path is never sent', async () => {
    const r = await t.call<ErrorBody>('GET', `/api/recordings/${rec.a2}`, { token: t.users.agent1.token });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
    const q = await t.call<RecordingDto & { filePath?: string }>('GET', `/api/recordings/${rec.a2}`, { token: t.users.quality.token });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ id: rec.a2, callId: `${tag}.2`, agent: { id: t.users.agent2.user.id } });
    expect(q.body.filePath).toBeUndefined();
  });

  it('streams with HTTP Range (206, the right bytes) from a media URL, and audits the playback once', async () => {
    const { quality } = t.users;
    expect(await plays(rec.a2)).toHaveLength(0);
    const url = await mediaUrl(rec.a2, quality.token);
    expect(url).toMatch(new RegExp(`^/api/recordings/${rec.a2}/audio\\?t=`));
    expect(url).not.toContain(quality.token);
    const res = await t.http('GET', url, { headers: { range: 'bytes=100-1123' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-range')).toBe(`bytes 100-1123/${wav.length}`);
    expect(res.headers.get('content-type')).toMatch(/^audio\/(x-)?wav/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(wav.subarray(100, 1124))).toBe(true);

    const audit = await plays(rec.a2);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { id: quality.user.id }, ip: '127.0.0.1', detail: { callId: `${tag}.2` } });

    // the player seeks: no new playback
    const seek = await t.http('GET', url, { headers: { range: 'bytes=9000-' } });
    expect(seek.status).toBe(206);
    expect(Buffer.from(await seek.arrayBuffer()).equals(wav.subarray(9000))).toBe(true);
    expect(await plays(rec.a2)).toHaveLength(1);

    // whole file with the header token; another user's playback is audited separately
    const full = await t.http('GET', `/api/recordings/${rec.a2}/audio`, { token: t.users.admin.token });
    expect(full.status).toBe(200);
    expect(Buffer.from(await full.arrayBuffer()).equals(wav)).toBe(true);
    expect((await plays(rec.a2)).map((e) => e.actor?.id).sort()).toEqual([quality.user.id, t.users.admin.user.id].sort());

    // the admins' audit view shows it
    const view = await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=recording.play', { token: t.users.admin.token });
    expect(view.body.items.filter((e) => e.subjectId === String(rec.a2))).toHaveLength(2);
  });

  it('an agent plays their own recording but gets 403 on another agent\'s, which is not audited', async () => {
    const { agent1 } = t.users;
    const own = await t.http('GET', await mediaUrl(rec.a1, agent1.token), { headers: { range: 'bytes=0-' } });
    expect(own.status).toBe(206);
    expect(Buffer.from(await own.arrayBuffer()).equals(wav)).toBe(true);
    expect((await plays(rec.a1)).map((e) => e.actor?.id)).toEqual([agent1.user.id]);
    const other = await t.http('GET', `/api/recordings/${rec.pbx}/audio`, { token: agent1.token });
    expect(other.status).toBe(403);
    expect(((await other.json()) as ErrorBody).code).toBe('FORBIDDEN');
    expect((await t.call('POST', `/api/recordings/${rec.pbx}/media-url`, { token: agent1.token })).status).toBe(403);
    expect(await plays(rec.pbx)).toHaveLength(0);
  });

  it('a media URL opens one recording only, for minutes, and dies with its session', async () => {
    const { quality } = t.users;
    const session = await t.call<{ token: string }>('POST', '/api/auth/login', { json: { username: quality.user.username, password: TEST_PASSWORD } });
    const token = session.body.token;
    const r = await t.call<{ url: string; expiresAt: string }>('POST', `/api/recordings/${rec.a2}/media-url`, { token });
    expect(r.status).toBe(200);
    const ttl = (Date.parse(r.body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(t.config.auth.mediaUrlTtlSeconds - 5);
    expect(ttl).toBeLessThanOrEqual(t.config.auth.mediaUrlTtlSeconds + 1);
    const mt = new URL(r.body.url, t.baseUrl).searchParams.get('t')!;
    expect((await t.http('GET', r.body.url, { headers: { range: 'bytes=0-43' } })).status).toBe(206);
    // the same media token on another recording's path
    const other = await t.http('GET', `/api/recordings/${rec.pbx}/audio?t=${encodeURIComponent(mt)}`);
    expect(other.status).toBe(403);
    // it opens nothing else of the API
    expect((await t.call('GET', '/api/me', { token: mt })).status).toBe(401);
    expect((await t.call('GET', `/api/recordings/${rec.a2}`, { token: mt })).status).toBe(401);
    // expired (minted with an exp in the past)
    const claims = JSON.parse(Buffer.from(mt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const stale = createSigner({ key: t.config.auth.jwtSecret })({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 });
    const expired = await t.call<ErrorBody>('GET', `/api/recordings/${rec.a2}/audio?t=${encodeURIComponent(stale)}`);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);
    // signing out ends it too
    expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await t.http('GET', r.body.url, { headers: { range: 'bytes=0-43' } })).status).toBe(401);
  });

  it('no token or a bad token is 401; the PBX\'s path maps into the recordings dir; paths outside it are refused', async () => {
    expect((await t.http('GET', `/api/recordings/${rec.a2}/audio`)).status).toBe(401);
    expect((await t.http('GET', `/api/recordings/${rec.a2}/audio?t=garbage`)).status).toBe(401);
    // the session token is never accepted from a URL (it would land in history and proxy logs)
    expect((await t.http('GET', `/api/recordings/${rec.a2}/audio?token=${t.users.quality.token}`)).status).toBe(401);
    expect((await t.http('GET', `/api/recordings/${rec.a2}/audio?t=${t.users.quality.token}`)).status).toBe(401);
    expect((await t.http('GET', `/api/recordings/${rec.a2}?t=${t.users.quality.token}`)).status).toBe(401);
    const pbx = await t.http('GET', `/api/recordings/${rec.pbx}/audio`, { token: t.users.supervisor.token, headers: { range: 'bytes=0-43' } });
    expect(pbx.status).toBe(206);
    expect(Buffer.from(await pbx.arrayBuffer()).toString('ascii', 0, 4)).toBe('RIFF');
    const outside = await t.http('GET', `/api/recordings/${rec.outside}/audio`, { token: t.users.supervisor.token });
    expect(outside.status).toBe(404);
    expect(await plays(rec.outside)).toHaveLength(0);
    expect((await t.http('GET', '/api/recordings/99999999/audio', { token: t.users.supervisor.token })).status).toBe(404);
  });
});
