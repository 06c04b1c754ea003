/**
 * Issue 10: recording streaming followed symlinks — the JWT signing key was served as "audio" through one planted in
 * the recordings volume. A recording is streamed only when every component below the recordings directory is a
 * real directory or file (no symlink, no hard link) and its real path is inside the directory.
 */
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, testWav, type TestApp } from './test-app.js';

describeEachDb('recording files: no symlink, no hard link, nothing outside the recordings dir (HTTP)', (ctx) => {
  let t: TestApp;
  const rec: Record<'plain' | 'fileLink' | 'dirLink' | 'hardLink' | 'secretDir', number> = { plain: 0, fileLink: 0, dirLink: 0, hardLink: 0, secretDir: 0 };
  const tag = `l${Date.now() % 1e6}`;
  const SECRET = 'JWT-SECRET-must-never-be-served-0123456789';

  const plays = async (id: number): Promise<AuditEntryDto[]> => (await t.services.audit.list({ action: 'recording.play', subjectType: 'recording', subjectId: String(id) })).items;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const dir = t.config.pbx.recordingsDir;
    mkdirSync(dir, { recursive: true });
    // the secret the probe got: the bridge's own JWT key file in the data dir
    const secretFile = path.join(t.config.dataDir, '.jwt_secret_probe');
    mkdirSync(t.config.dataDir, { recursive: true });
    writeFileSync(secretFile, SECRET);
    writeFileSync(path.join(dir, `${tag}-plain.wav`), testWav(800));
    symlinkSync(secretFile, path.join(dir, `${tag}-link.wav`));
    symlinkSync(t.config.dataDir, path.join(dir, `${tag}-dir`));
    linkSync(secretFile, path.join(dir, `${tag}-hard.wav`));
    await t.services.calls.upsert(`${tag}.1`, { caller: '13955553001', agentId: t.users.agent1.user.id, queue: 'hotline', startedAt: new Date(), answeredAt: new Date() });
    const attach = async (filePath: string): Promise<number> => (await t.services.calls.attachRecording(`${tag}.1`, { filePath, durationSeconds: 1 })).id;
    rec.plain = await attach(`${tag}-plain.wav`);
    rec.fileLink = await attach(`${tag}-link.wav`);
    rec.dirLink = await attach(`${tag}-dir/.jwt_secret_probe`);
    rec.hardLink = await attach(`/var/spool/asterisk/monitor/${tag}-hard.wav`);
    rec.secretDir = await attach(path.join(dir, `${tag}-dir`, '.jwt_secret_probe'));
  }, 120_000);
  afterAll(async () => t?.close());

  it('a plain file inside the directory streams', async () => {
    const r = await t.http('GET', `/api/recordings/${rec.plain}/audio`, { token: t.users.supervisor.token, headers: { range: 'bytes=0-3' } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer()).toString('ascii')).toBe('RIFF');
  });

  it('a symlinked file, a symlinked directory and a hard link to a secret are 404 — not a byte of the secret, no playback audited', async () => {
    for (const [what, id] of Object.entries({ fileLink: rec.fileLink, dirLink: rec.dirLink, hardLink: rec.hardLink, secretDir: rec.secretDir })) {
      const r = await t.http('GET', `/api/recordings/${id}/audio`, { token: t.users.supervisor.token });
      const body = await r.text();
      expect(r.status, what).toBe(404);
      expect(body, what).not.toContain(SECRET);
      expect(JSON.parse(body).code, what).toBe('NOT_FOUND');
      expect(await plays(id), what).toEqual([]);
    }
  });
});
