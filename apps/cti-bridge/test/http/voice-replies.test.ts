/**
 * Answers to IVR voice messages over HTTP (issue 12): staff list and play (audited) the messages; a reply recorded in
 * the desk (a 16 kHz stereo WAV) or typed (espeak-ng, Mandarin) becomes an 8 kHz 16-bit mono WAV under the replies
 * directory, stored by the PBX's path the IVR plays, the task moves on, the donor gets the voice-reply SMS (notice).
 * Role checks (quality listens, cannot answer; an agent cannot touch a colleague's task), bad uploads (not a WAV,
 * RIFF with garbage, wrong content type, too large) are clear 4xx and nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page, VoiceMessageItemDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, testWav, type TestApp } from './test-app.js';

/** A 16 kHz stereo 16-bit WAV of a tone, as the desk's recorder would send (sox makes it). */
function browserWav(dir: string, seconds: number): Buffer {
  const f = path.join(dir, `in-${seconds}.wav`);
  execFileSync('sox', ['-n', '-r', '16000', '-c', '2', '-b', '16', f, 'synth', String(seconds), 'sine', '440']);
  return execFileSync('cat', [f]);
}

const info = (file: string): string[] => ['-r', '-c', '-b', '-D'].map((o) => execFileSync('sox', ['--i', o, file]).toString().trim());

describeEachDb('voice-message replies (HTTP)', (ctx) => {
  let t: TestApp;
  let donorId: number;
  let pooled: number;
  let colleagues: number;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { env: { SMS_QUIET_HOURS: 'off', VOICE_REPLIES_PER_MINUTE: '50' } });
    const created = await t.call<{ id: number }>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '罗晓', phone: '13955557711' } });
    donorId = created.body.id;
    const dir = t.config.voiceReplies.messagesDir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'vm-a.wav'), testWav(16000));
    const a = await t.services.voiceMessages.create({ callId: 'vm-call-a', recordingPath: path.join(t.config.voiceReplies.pbxMessagesDir, 'vm-a.wav'), durationSeconds: 2, caller: '13955557711', donorId });
    const b = await t.services.voiceMessages.create({ callId: 'vm-call-b', recordingPath: path.join(dir, 'vm-b.wav'), durationSeconds: 3, caller: '13955557712' });
    await t.db.ds.query('UPDATE ticket SET owner_id = NULL WHERE id = ?', [a.ticketId]);
    await t.db.ds.query('UPDATE ticket SET owner_id = ? WHERE id = ?', [t.users.agent2.user.id, b.ticketId]);
    pooled = a.id;
    colleagues = b.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const upload = (id: number, body: Buffer, token: string, type = 'audio/wav') =>
    fetch(`${t.baseUrl}/api/voice-messages/${id}/reply/recording`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: new Uint8Array(body) });

  it('agents see the pool’s messages and their own, not a colleague’s; the message plays as WAV and each playback is audited', async () => {
    const mine = await t.call<Page<VoiceMessageItemDto>>('GET', '/api/voice-messages', { token: t.users.agent1.token });
    expect(mine.body.items.map((i) => i.id)).toEqual([pooled]);
    expect(mine.body.items[0]).toMatchObject({ callerMasked: '139****7711', donor: { id: donorId, name: '罗晓' }, replyAt: null });
    const all = await t.call<Page<VoiceMessageItemDto>>('GET', '/api/voice-messages?state=all', { token: t.users.supervisor.token });
    expect(all.body.items.map((i) => i.id).sort()).toEqual([pooled, colleagues].sort());

    const audio = await t.http('GET', `/api/voice-messages/${pooled}/audio?part=message`, { token: t.users.agent1.token });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toContain('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).equals(testWav(16000))).toBe(true);
    const audits = await t.db.ds.query("SELECT actor_id FROM audit_log WHERE action = 'voice-message.play' AND subject_id = ?", [String(pooled)]);
    expect(audits.map((r: { actor_id: number }) => Number(r.actor_id))).toEqual([t.users.agent1.user.id]);

    expect((await t.http('GET', `/api/voice-messages/${colleagues}/audio?part=message`, { token: t.users.agent1.token })).status).toBe(403);
    expect((await t.http('GET', `/api/voice-messages/${pooled}/audio?part=reply`, { token: t.users.agent1.token })).status).toBe(404); // no reply yet
    expect((await t.http('GET', `/api/voice-messages/${colleagues}/audio?part=message`, { token: t.users.supervisor.token })).status).toBe(404); // its file is missing
  });

  it('a recorded reply becomes an 8 kHz 16-bit mono WAV the IVR plays; the task moves on and the donor gets the SMS', async () => {
    const res = await upload(pooled, browserWav(t.dir, 1.5), t.users.agent1.token);
    expect(res.status).toBe(200);
    const item = (await res.json()) as VoiceMessageItemDto;
    expect(item).toMatchObject({ id: pooled, ticketStatus: 'in-progress', replyBy: { id: t.users.agent1.user.id }, replyHeardAt: null });

    const [row] = await t.db.ds.query('SELECT reply_path FROM voice_message WHERE id = ?', [pooled]);
    const replyPath = String(row.reply_path);
    expect(path.isAbsolute(replyPath) && replyPath.startsWith(t.config.voiceReplies.pbxRepliesDir) && replyPath.endsWith('.wav')).toBe(true);
    const onDisk = path.join(t.config.voiceReplies.repliesDir, path.basename(replyPath));
    const [rate, channels, bits, seconds] = info(onDisk);
    expect([rate, channels, bits]).toEqual(['8000', '1', '16']);
    expect(Number(seconds)).toBeCloseTo(1.5, 1);
    expect(readdirSync(t.config.voiceReplies.repliesDir).filter((f) => f.startsWith('.'))).toEqual([]); // no half-written file left
    // what the IVR's 听取回复 plays next time the donor calls
    expect((await t.services.voiceMessages.pendingReplies({ donorId })).map((v) => v.replyPath)).toEqual([replyPath]);

    const sms = await t.db.ds.query("SELECT template, class, body, ref FROM sms_outbox WHERE to_e164 = '+8613955557711' AND template = 'voice-reply'");
    expect(sms).toEqual([{ template: 'voice-reply', class: 'notice', body: expect.stringContaining('您的留言已有回复，请拨打热线96606收听'), ref: `voice-message:${pooled}` }]);
    const audit = await t.db.ds.query("SELECT detail FROM audit_log WHERE action = 'voice-message.reply' AND subject_id = ?", [String(pooled)]);
    expect(JSON.parse(String(audit[0].detail))).toMatchObject({ method: 'recording' });

    const back = await t.http('GET', `/api/voice-messages/${pooled}/audio?part=reply`, { token: t.users.agent1.token });
    expect(back.status).toBe(200);
    expect(Buffer.from(await back.arrayBuffer()).readUInt32LE(24)).toBe(8000);
    const answered = await t.call<Page<VoiceMessageItemDto>>('GET', '/api/voice-messages?state=answered', { token: t.users.agent1.token });
    expect(answered.body.items.map((i) => i.id)).toEqual([pooled]);
  });

  it('a typed reply is spoken in Mandarin (espeak-ng) and converted the same way; SMS to the caller’s number when no donor', async () => {
    const res = await t.call<VoiceMessageItemDto>('POST', `/api/voice-messages/${colleagues}/reply/text`, { token: t.users.supervisor.token, json: { text: '您好，您反映的问题我们已经处理，感谢您的支持。' } });
    expect(res.status).toBe(200);
    const [row] = await t.db.ds.query('SELECT reply_path FROM voice_message WHERE id = ?', [colleagues]);
    const [rate, channels, bits, seconds] = info(path.join(t.config.voiceReplies.repliesDir, path.basename(String(row.reply_path))));
    expect([rate, channels, bits]).toEqual(['8000', '1', '16']);
    expect(Number(seconds)).toBeGreaterThan(1);
    const sms = await t.db.ds.query("SELECT body FROM sms_outbox WHERE to_e164 = '+8613955557712' AND template = 'voice-reply'");
    expect(sms).toEqual([{ body: expect.stringContaining('献血者您好') }]);
    expect((await t.call('POST', `/api/voice-messages/${colleagues}/reply/text`, { token: t.users.supervisor.token, json: { text: '   ' } })).status).toBe(400);
  });

  it('roles and bad uploads: 4xx with a reason, nothing written', async () => {
    const before = readdirSync(t.config.voiceReplies.repliesDir).length;
    const wav = browserWav(t.dir, 1);
    expect((await upload(pooled, wav, t.users.quality.token)).status).toBe(403); // quality listens, does not answer
    expect((await upload(colleagues, wav, t.users.agent1.token)).status).toBe(403); // a colleague's task
    const notWav = await upload(pooled, Buffer.from('hello, this is not audio at all'.repeat(4)), t.users.agent1.token);
    expect(notWav.status).toBe(400);
    expect(((await notWav.json()) as { message: string }).message).toContain('WAV');
    const garbage = Buffer.concat([wav.subarray(0, 44), Buffer.alloc(4000, 0xff)]);
    garbage.writeUInt16LE(7, 22); // seven channels, a broken block size: sox refuses it
    garbage.writeUInt16LE(3, 32);
    expect((await upload(pooled, garbage, t.users.agent1.token)).status).toBe(400);
    expect((await upload(pooled, wav, t.users.agent1.token, 'application/octet-stream')).status).toBe(415);
    expect((await upload(pooled, Buffer.alloc(5 * 1024 * 1024, 1), t.users.agent1.token)).status).toBe(413);
    expect((await upload(pooled, browserWav(t.dir, 0.2), t.users.agent1.token)).status).toBe(400); // too short
    expect(readdirSync(t.config.voiceReplies.repliesDir).length).toBe(before);
    expect(existsSync(t.config.voiceReplies.repliesDir)).toBe(true);
  });
});
