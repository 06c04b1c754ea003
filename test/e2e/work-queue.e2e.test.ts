/// <reference lib="dom" />
/**
 * 我的待办 in Debian's Chromium against the real platform (issue 12): an agent sees the count badge (and it moves
 * live when a supervisor gives them work), opens 我的待办, calls the donor back from the task (the call is linked
 * to it), resolves it — refused without an outcome, done with one; a supervisor sees everything and reassigns.
 * 语音留言: the agent plays a donor's voice message and answers it with a reply recorded in the browser (Chromium's
 * fake microphone → PCM WAV → the bridge's sox → an 8 kHz mono WAV where the IVR plays it) and the SMS is queued.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkTaskDetailDto } from '@donorline/domain';
import { createDataSource, DEMO_DONORS, DEMO_PASSWORD, VoiceMessageService } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;
let agent: Page;
let sup: Page;
let supToken: string;
let agentToken: string;
let donorId: number;
let agentId: number;
let agent2Id: number;

async function login(username: string): Promise<{ token: string; id: number }> {
  const r = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const b = (await r.json()) as { token: string; user: { id: number } };
  return { token: b.token, id: b.user.id };
}

async function api<T>(method: string, path: string, token: string, json?: unknown): Promise<T> {
  const r = await fetch(`${platform.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const badge = async (page: Page): Promise<number> => Number(((await page.locator('[data-test=work-badge]').textContent().catch(() => '')) ?? '').trim() || 0);

beforeAll(async () => {
  await buildDesk();
  // call-backs are service calls inside the contact policy's calling hours: open around the clock here, so the test
  // does not depend on the hour it runs at
  platform = await startPlatform({ WRAP_UP_REQUIRED: 'false', WRAP_UP_SECONDS: '1', CONTACT_HOURS: '00:00-24:00' });
  db = createDataSource({ kind: 'sqlite', file: platform.sqliteFile });
  await db.initialize();
  const s = await login('supervisor');
  supToken = s.token;
  const a = await login('agent1');
  agentToken = a.token;
  agentId = a.id;
  agent2Id = (await login('agent2')).id;
  const e164 = DEMO_DONORS.find((d) => d.key === 'first-timer')!.e164;
  donorId = Number(((await db.query('SELECT donor_id FROM donor_phone WHERE e164 = ?', [e164])) as { donor_id: number }[])[0]!.donor_id);
  browser = await launchChromium({ media: true }); // the fake microphone for the recorded voice reply
  agent = await browser.newPage();
  agent.on('pageerror', (e) => console.log('[agent pageerror]', e.message));
  sup = await browser.newPage();
  sup.on('pageerror', (e) => console.log('[supervisor pageerror]', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await db?.destroy().catch(() => {});
  await platform?.stop();
}, 60_000);

let taskId: number;

it('the agent sees the badge, and it moves live when a supervisor gives them work', async () => {
  await signIn(agent, platform.url, 'agent1', '8001');
  await agent.waitForSelector('[data-test=seat-state]');
  await agent.waitForSelector('nav >> text=我的待办');
  // the badge's first figure comes from a request made when the socket connects: wait for it to show what the
  // server counts before giving work (reading the badge before that load answers would count from 0)
  const before = (await api<{ mine: number }>('GET', '/api/work/counts', agentToken)).mine;
  await until(async () => (await badge(agent)) === before, 10_000, 'the badge to show the open tasks');
  const t = await api<{ id: number }>('POST', '/api/tickets', supToken, { kind: 'callback', subject: '满意度回访：评分1', donorId, ownerId: agentId, priority: 'high', source: 'survey' });
  taskId = t.id;
  await until(async () => (await badge(agent)) === before + 1, 10_000, 'the badge to count the new task');
  await screenshot(agent, 'work-badge');
});

it('opens 我的待办 and calls the donor back from the task: the call is linked and the task starts', async () => {
  await agent.click('nav >> text=我的待办');
  await agent.waitForSelector('[data-test=work-view]');
  await agent.waitForSelector(`[data-test=work-open-${taskId}]`);
  expect(await agent.textContent('[data-test=work-table]')).toContain('满意度回访：评分1');
  await screenshot(agent, 'work-mine');
  await agent.click(`[data-test=work-call-${taskId}]`);
  // the agent's phone rings first (click-to-dial): the desk shows the call; answer, talk, hang up
  await agent.waitForSelector('[data-test=desk]');
  await agent.click('[data-test=answer]', { timeout: 15_000 });
  await agent.waitForSelector('[data-test=hangup]', { timeout: 10_000 });
  await screenshot(agent, 'work-callback-connected');
  await agent.click('[data-test=hangup]');
  const linked = await until(async () => {
    const d = await api<WorkTaskDetailDto>('GET', `/api/work/${taskId}`, agentToken);
    return d.calls.length === 1 && d.status === 'in-progress' ? d : null;
  }, 10_000, 'the call linked to the task');
  const [rec] = (await db.query('SELECT direction, donor_id FROM call_record WHERE linkedid = ?', [linked.calls[0]!.callId])) as { direction: string; donor_id: number }[];
  expect(rec).toMatchObject({ direction: 'outbound', donor_id: donorId });
});

it('resolves the task: refused without an outcome, done with one', async () => {
  await agent.click('nav >> text=我的待办');
  await agent.waitForSelector(`[data-test=work-resolve-${taskId}]`);
  await agent.click(`[data-test=work-resolve-${taskId}]`);
  await agent.click('[data-test=work-resolve-submit]');
  await agent.waitForSelector('[data-test=work-outcome-missing]');
  expect(await agent.textContent('[data-test=work-outcome-missing]')).toContain('请填写处理结果');
  await screenshot(agent, 'work-resolve-needs-outcome');
  await agent.fill('.el-dialog textarea', '已回电致歉，献血者同意下周六再来');
  await agent.click('[data-test=work-resolve-submit]');
  await until(async () => (await api<WorkTaskDetailDto>('GET', `/api/work/${taskId}`, agentToken)).status === 'resolved', 10_000, 'resolved');
  await agent.waitForSelector(`[data-test=work-open-${taskId}]`, { state: 'detached', timeout: 10_000 });
  const d = await api<WorkTaskDetailDto>('GET', `/api/work/${taskId}`, agentToken);
  expect(d.outcome).toBe('已回电致歉，献血者同意下周六再来');
  await screenshot(agent, 'work-resolved');
});

it('a supervisor sees everything and reassigns a task', async () => {
  const t = await api<{ id: number }>('POST', '/api/tickets', supToken, { kind: 'complaint', subject: '献血车排队过久', donorId, ownerId: agentId });
  await signIn(sup, platform.url, 'supervisor', null);
  await sup.goto(`${platform.url}/work`);
  await sup.waitForSelector('[data-test=work-view]');
  await sup.click('[data-test=work-scope-all]');
  await sup.waitForSelector(`[data-test=work-open-${t.id}]`);
  await screenshot(sup, 'work-supervisor-all');
  await sup.click(`[data-test=work-open-${t.id}]`);
  await sup.waitForSelector('[data-test=work-detail]');
  await sup.click('[data-test=work-assign-select]');
  await sup.click('.el-select-dropdown__item >> text=坐席二号 高鹏');
  await sup.click('[data-test=work-assign-submit]');
  await until(async () => (await api<WorkTaskDetailDto>('GET', `/api/work/${t.id}`, supToken)).owner?.id === agent2Id, 10_000, 'reassigned to agent2');
  await screenshot(sup, 'work-supervisor-reassigned');
});

it('语音留言: the agent plays a voice message and answers it with a recording made in the browser', async () => {
  // a message as the IVR leaves it: a WAV in the PBX's recordings and its row (the IVR's own tests cover that half)
  const dir = path.join(platform.dataDir, 'recordings', 'ari');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'e2e-vm-1.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '2', 'sine', '300']);
  const vm = await new VoiceMessageService(db).create({ callId: 'e2e-vm', recordingPath: file, durationSeconds: 2, caller: '13900000001', donorId });
  const vmId = vm.id;
  await db.query('UPDATE ticket SET owner_id = ? WHERE id = ?', [agentId, vm.ticketId]); // agent1's task

  await agent.goto(`${platform.url}/voice-messages`);
  await agent.waitForSelector('[data-test=voice-messages-view]');
  await agent.click('[data-test=voice-table] >> text=139****0001');
  await agent.waitForSelector('[data-test=voice-reply-panel]');
  await agent.click('[data-test=voice-play-message]');
  await agent.waitForSelector('[data-test=voice-audio-message]');
  await screenshot(agent, 'voice-message-play');
  await agent.click('[data-test=voice-record]');
  await agent.waitForSelector('[data-test=voice-recording]');
  await until(async () => /[1-9]/.test((await agent.textContent('[data-test=voice-recording]')) ?? ''), 10_000, 'a second of recording');
  await agent.click('[data-test=voice-stop]');
  await agent.waitForSelector('[data-test=voice-take]');
  await agent.click('[data-test=voice-send-recording]');
  await agent.waitForSelector('[data-test=voice-replied]');
  await screenshot(agent, 'voice-message-replied');
  const [row] = (await db.query('SELECT reply_path FROM voice_message WHERE id = ?', [vmId])) as { reply_path: string }[];
  expect(row!.reply_path).toMatch(/\.wav$/);
  expect(execFileSync('sox', ['--i', '-r', row!.reply_path]).toString().trim()).toBe('8000');
  const sms = (await db.query("SELECT class FROM sms_outbox WHERE ref = ? AND template = 'voice-reply'", [`voice-message:${vmId}`])) as { class: string }[];
  expect(sms).toEqual([{ class: 'notice' }]);
  await agent.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(agent, 'voice-message-replied-1080');
  await agent.setViewportSize({ width: 1366, height: 768 });
});
