/// <reference lib="dom" />
/**
 * 质检 in Debian's Chromium against the real platform (issue 15): a quality manager samples the calls (an over-10-
 * minute call of agent1 is queued), claims it, scores it beside the recording with a comment pinned at 0:03 of the
 * waveform, submits — agent1's open desk gets the 质检 badge live (qa:published); agent1 finds it in 我的质检 and
 * acknowledges it (the badge goes). Then the quality manager edits the form in use: saving makes version 2.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DONOR_HOTLINE_FORM, type QaEvaluationDto, type QaFormDto } from '@donorline/domain';
import { createDataSource, createDomainServices, DEMO_PASSWORD, DEMO_PII_KEYS } from '@donorline/domain/node';
import { buildHandledCall } from '@donorline/domain/testing';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;
let page: Page;
let agentPage: Page;
let segmentId: number;
let evaluationId: number;

async function token(username: string): Promise<{ token: string; id: number }> {
  const r = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const b = (await r.json()) as { token: string; user: { id: number } };
  return { token: b.token, id: b.user.id };
}

/** 6 s of a 440 Hz tone, 8 kHz 16-bit mono: something for wavesurfer to draw. */
function toneWav(seconds: number): Buffer {
  const n = seconds * 8000;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii'); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8, 'ascii'); h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(8000, 24); h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write('data', 36, 'ascii'); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

beforeAll(async () => {
  buildDesk();
  platform = await startPlatform({ QA_SAMPLE_CRON: 'off', QA_SAMPLE_PERCENT: '0' });
  db = createDataSource({ kind: 'sqlite', file: platform.sqliteFile });
  await db.initialize();
  const agent1 = await token('agent1');
  const dir = path.join(platform.dataDir, 'recordings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'qa-e2e.wav'), toneWav(6));
  const svc = createDomainServices(db, { pii: DEMO_PII_KEYS });
  segmentId = await buildHandledCall(svc, { linkedid: 'qa-e2e-1', agentId: agent1.id, ext: '8001', at: new Date(Date.now() - 3600_000), talkSeconds: 700, recordingPath: 'qa-e2e.wav', ivrPath: 'welcome>menu:2>booking>agent' });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await db?.destroy().catch(() => {});
  await platform?.stop();
}, 60_000);

it('the quality manager samples, claims and scores the call with a comment at 0:03, and submits', async () => {
  await signIn(page, platform.url, 'qa', null);
  await page.goto(`${platform.url}/qa`);
  await page.waitForSelector('[data-test=qa-view]');
  await page.click('[data-test=qa-sample]');
  await page.click(`[data-test=qa-claim-${segmentId}]`);
  await page.waitForSelector('[data-test=qa-evaluation][data-status=draft]');
  expect(await page.textContent('[data-test=qa-caller]')).toBe('138****8000');
  await page.waitForSelector('[data-test=recording-player][data-wave=ready]', { timeout: 15_000 });
  // the player at 0:03: the comment is pinned there
  await page.evaluate(() => {
    const a = document.querySelector<HTMLAudioElement>('[data-test=recording-audio]')!;
    a.currentTime = 3;
  });
  await until(async () => (await page.textContent('[data-test=qa-comment-at]'))?.includes('0:03') ?? false, 5_000, 'the comment time to follow the player');
  await page.fill('[data-test=qa-comments] form input', '开场未报工号');
  await page.click('[data-test=qa-comment-add]');
  await page.waitForSelector('[data-test=recording-pin]');
  for (const q of DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions)) {
    await page.click(`[data-test=qa-answer-${q.key}-${q.key === 'standard-opening' ? 'no' : q.type === 'scale' ? 4 : 'yes'}]`);
  }
  expect(await page.textContent('[data-test=qa-live-score]')).toBe('90');
  await screenshot(page, 'qa-scoring');
  // agent1 is at the desk meanwhile (another tab): no badge yet
  agentPage = await browser.newPage();
  await signIn(agentPage, platform.url, 'agent1', '8001');
  await agentPage.waitForSelector('[data-test=desk]');
  expect(await agentPage.locator('[data-test=qa-badge]').count()).toBe(0);
  await page.click('[data-test=qa-submit]');
  await page.waitForSelector('[data-test=qa-evaluation][data-status=submitted]');
  // published: the agent's desk shows 1 to answer, live over the socket
  await agentPage.waitForSelector('[data-test=qa-badge]', { timeout: 10_000 });
  expect(await agentPage.textContent('[data-test=qa-badge]')).toBe('1');
  evaluationId = Number(new URL(page.url()).searchParams.get('e'));
  const qa = await token('qa');
  const r = await fetch(`${platform.url}/api/qa/evaluations/${evaluationId}`, { headers: { authorization: `Bearer ${qa.token}` } });
  const e = (await r.json()) as QaEvaluationDto;
  // 8 (opening) lost, courtesy 4 of 5 → 8 × 3/4: 100 − 8 − 2 = 90
  expect(e).toMatchObject({ status: 'submitted', score: 90, comments: [{ atSeconds: 3, body: '开场未报工号' }] });
});

it('agent1 finds it in 我的质检 and acknowledges it; the badge goes', async () => {
  const a = agentPage;
  await a.click('a[href="/qa"]');
  await a.click(`[data-test=qa-open-${evaluationId}]`);
  await a.waitForSelector('[data-test=qa-evaluation][data-status=submitted]');
  expect(await a.locator('[data-test=qa-comment]').textContent()).toContain('开场未报工号');
  await a.fill('[data-test=qa-response] textarea', '收到，下次注意');
  await a.click('[data-test=qa-acknowledge]');
  await a.waitForSelector('[data-test=qa-evaluation][data-status=acknowledged]');
  await a.waitForSelector('[data-test=qa-badge]', { state: 'detached', timeout: 10_000 });
  await screenshot(a, 'qa-acknowledged');
  const [row] = (await db.query('SELECT status FROM qa_evaluation WHERE id = ?', [evaluationId])) as { status: string }[];
  expect(row?.status).toBe('acknowledged');
});

it('the quality manager edits the form in use: saving makes version 2, the evaluation keeps version 1', async () => {
  await page.goto(`${platform.url}/qa?tab=forms`);
  await page.waitForSelector('[data-test=qa-form-editor] [data-test=qa-form-donor-hotline]');
  // scored on once: the editor says saving makes a new version
  await page.waitForSelector('[data-test=qa-form-newversion]');
  const weight = page.locator('[data-question=standard-opening] .el-input-number input');
  await weight.fill('10');
  await weight.press('Tab');
  await page.locator('[data-section=closing] [data-test=qa-form-add-question-closing]').click();
  await page.locator('[data-section=closing] [data-test=qa-question-text]').last().fill('主动告知下次可献血日期');
  expect(await page.textContent('[data-test=qa-form-total]')).toContain('107');
  await screenshot(page, 'qa-form-editor');
  await page.click('[data-test=qa-form-save]');
  const qa = await token('qa');
  await until(async () => {
    const r = await fetch(`${platform.url}/api/qa/forms`, { headers: { authorization: `Bearer ${qa.token}` } });
    const [f] = (await r.json()) as Array<{ version: number }>;
    return f?.version === 2;
  }, 10_000, 'version 2 of the form');
  const r = await fetch(`${platform.url}/api/qa/forms`, { headers: { authorization: `Bearer ${qa.token}` } });
  const [f] = (await r.json()) as QaFormDto[];
  const qs = f!.definition.sections.flatMap((x) => x.questions);
  expect(qs.find((q) => q.key === 'standard-opening')?.weight).toBe(10);
  expect(qs.at(-1)).toMatchObject({ text: '主动告知下次可献血日期', type: 'yes-no', weight: 5 });
  const e = await fetch(`${platform.url}/api/qa/evaluations/${evaluationId}`, { headers: { authorization: `Bearer ${qa.token}` } });
  expect(((await e.json()) as QaEvaluationDto).form.version).toBe(1);
});
