/// <reference lib="dom" />
/**
 * The agent desk end to end, in Debian's Chromium, against the real platform started with `npm start`
 * (embedded SQLite with the demo data, simulated Asterisk, bridge, IVR, desk at /):
 *   1. an agent signs in and joins seat 8001; a simulated call from a seeded demo donor's number rings; the pop shows
 *      that donor's name (how soon after the ring is `npm run bench:screen-pop`'s measure, aim ≤ 1 s); a reload mid-call brings the call and its pop back once; the agent
 *      books an appointment and saves a disposition — and the rows are in the database;
 *   2. a quality manager finds that call's recording by the caller's full number and plays it (currentTime advances);
 *   3. another agent gets 403 on that recording (page and API).
 * zh-CN screenshots go to artifacts/screenshots/; the measured pop latencies are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDataSource, DEMO_DONORS, DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

const DONOR = DEMO_DONORS.find((d) => d.key === 'first-timer')!; // eligible now, no bookings yet
const DONOR_DIGITS = DONOR.phone.replace(/\D/g, '');

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;

/** Shared between the steps. */
const call = { linkedid: '', donorId: 0, slotId: 0, recordingId: 0 };
const measured = { nameAfterRingMs: NaN, popRenderMs: NaN };

async function signIn(page: Page, username: string, extension: string | null): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', DEMO_PASSWORD);
  // The desk remembers the last extension used on this computer; other users of the same browser set their own.
  await page.fill('[data-test=login-extension]', extension ?? '');
  await page.click('[data-test=login-submit]');
  try {
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  } catch (e) {
    await screenshot(page, `failed-sign-in-${username}`);
    const err = await page.locator('[data-test=login-error]').textContent().catch(() => null);
    throw new Error(`${username} could not sign in${err ? `: ${err}` : ''} (${(e as Error).message})`, { cause: e });
  }
}

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, {
    method,
    headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function row<T>(sql: string, params: unknown[]): Promise<T | null> {
  const rows = (await db.query(sql, params)) as T[];
  return rows[0] ?? null;
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  db = createDataSource({ kind: 'sqlite', file: platform.sqliteFile });
  await db.initialize();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await db?.destroy().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('agent desk in Chromium against the running platform', () => {
  it('an agent takes a call from a seeded donor: the pop names them, reload-proof, booking and disposition stored', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    await page.goto(`${platform.url}/login`);
    await screenshot(page, 'desk-zh-CN-01-login');
    await signIn(page, 'agent1', '8001');
    await page.waitForSelector('[data-test=desk]');
    await page.waitForSelector('[data-test=seat-state]');
    const goReady = page.locator('[data-test=go-ready]');
    if (await goReady.isVisible()) await goReady.click();
    await until(async () => (await page.textContent('[data-test=seat-state]'))?.includes('就绪'), 10_000, 'seat ready');
    await screenshot(page, 'desk-zh-CN-02-ready');

    // Watch for the donor's name on the pop card, on the page's own clock (same machine as this process).
    await page.evaluate((name) => {
      const w = window as unknown as { __e2eNameShownAt: number | null };
      w.__e2eNameShownAt = null;
      const check = (): boolean => {
        const el = document.querySelector('[data-test=pop-donor-name]');
        if (el?.textContent?.trim() === name) {
          w.__e2eNameShownAt = Date.now();
          return true;
        }
        return false;
      };
      const obs = new MutationObserver(() => {
        if (check()) obs.disconnect();
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, DONOR.name);

    // The donor calls the direct queue number; the simulated phone of 8001 rings.
    const placed = await sim<{ linkedid: string }>('POST', '/calls', { from: DONOR_DIGITS, callerName: DONOR.name, to: '96607' });
    call.linkedid = placed.linkedid;
    // The ring happened between the last poll that saw the phone quiet and the first that saw it ringing: measuring
    // from the send time of that last quiet poll gives an upper bound of "name on screen after the ring".
    let lastQuietSentAt = Date.now();
    await until(
      async () => {
        const sentAt = Date.now();
        const ringing = (await sim<{ ringing: string[] }>('GET', '/devices/8001')).ringing.length > 0;
        if (!ringing) lastQuietSentAt = sentAt;
        return ringing;
      },
      10_000,
      'phone 8001 ringing',
      5,
    );
    const shownAt = await until(() => page.evaluate(() => (window as unknown as { __e2eNameShownAt: number | null }).__e2eNameShownAt), 5_000, 'donor name on the pop', 10);
    measured.nameAfterRingMs = shownAt - lastQuietSentAt;
    const card = page.locator('[data-test=pop-card]');
    await expect(card.locator('[data-test=pop-donor-name]').textContent()).resolves.toBe(DONOR.name);
    await expect(card.locator('[data-test=pop-number]').textContent()).resolves.toBe('199****0004');
    // how fast (aim: ≤ 1 s after the ring) is measured by `npm run bench:screen-pop`, not asserted under CI load
    expect(measured.nameAfterRingMs).toBeGreaterThanOrEqual(0);
    const popId = await card.getAttribute('data-pop-id');
    expect(popId).toBeTruthy();
    await page.waitForTimeout(300);
    await screenshot(page, 'desk-zh-CN-03-ringing');
    const latencies = await page.evaluate(() => (window as unknown as { __donorline?: { popLatencies: { popId: string; ms: number }[] } }).__donorline?.popLatencies ?? []);
    const mine = latencies.find((l) => l.popId === popId);
    expect(mine).toBeTruthy();
    measured.popRenderMs = mine!.ms;

    // Training mode: answer from the desk (there is no physical phone); answering opens the donor 360°.
    await page.click('[data-test=answer]');
    const profile = page.locator('[data-test=donor-profile]');
    await profile.waitFor({ timeout: 10_000 });
    call.donorId = Number(await profile.getAttribute('data-donor-id'));
    expect(await page.locator('[data-test=donor-name]').textContent()).toBe(DONOR.name);
    await screenshot(page, 'desk-zh-CN-04-on-call');

    // A reload mid-call: the call and its pop come back — one card, the same popId, still connected.
    await page.reload();
    await page.waitForSelector('[data-test=pop-card]', { timeout: 10_000 });
    await until(async () => (await page.locator('[data-test=hangup]').count()) > 0, 10_000, 'live call controls after reload');
    expect(await page.locator('[data-test=pop-card]').count()).toBe(1);
    expect(await page.locator('[data-test=pop-card]').getAttribute('data-pop-id')).toBe(popId);
    await page.waitForSelector('[data-test=donor-profile]', { timeout: 10_000 });

    // Book: two or three choices, the donor picks one, the agent asks for the commitment.
    await page.keyboard.press('Alt+B');
    const choices = page.locator('[data-test=slot-choices] button');
    await choices.first().waitFor({ timeout: 10_000 });
    const n = await choices.count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(3);
    call.slotId = Number((await choices.first().getAttribute('data-test'))!.replace('choice-', ''));
    await screenshot(page, 'desk-zh-CN-05-booking');
    await choices.first().click();
    await page.waitForSelector('[data-test=booking-commitment]', { timeout: 10_000 });
    expect(await page.locator('[data-test=booking-commitment]').textContent()).toMatch(/请和献血者确认/);
    await screenshot(page, 'desk-zh-CN-06-booked');

    // Hang up, then the wrap-up: disposition required.
    await page.click('[data-test=hangup]');
    await page.waitForSelector('[data-test=wrap-up-form]', { timeout: 10_000 });
    await page.click('[data-test=disposition-booking]');
    await page.fill('[data-test=wrap-up-notes]', '首次献血预约，提醒携带身份证');
    await page.click('[data-test=wrap-up-save]');
    await page.waitForSelector('[data-test=wrap-up-saved]', { timeout: 10_000 });
    await screenshot(page, 'desk-zh-CN-07-wrap-up');

    // The rows are in the database.
    const appt = await until(
      () => row<{ id: number; status: string; slot_id: number }>('SELECT id, status, slot_id FROM appointment WHERE donor_id = ? AND slot_id = ?', [call.donorId, call.slotId]),
      10_000,
      'the appointment row',
    );
    expect(appt.status).toBe('booked');
    const rec = await until(
      () =>
        row<{ id: number; disposition: string | null; notes: string | null; donor_id: number | null; agent_id: number | null; ended_at: string | null }>(
          'SELECT id, disposition, notes, donor_id, agent_id, ended_at FROM call_record WHERE linkedid = ?',
          [call.linkedid],
        ).then((r) => (r && r.disposition && r.ended_at ? r : null)),
      15_000,
      'the call record with its disposition',
    );
    expect(rec).toMatchObject({ disposition: 'booking', notes: '首次献血预约，提醒携带身份证', donor_id: call.donorId });
    const agent1 = await row<{ id: number }>('SELECT id FROM app_user WHERE username = ?', ['agent1']);
    expect(rec.agent_id).toBe(agent1!.id);
    const recording = await until(
      () => row<{ id: number }>('SELECT id FROM recording WHERE call_record_id = ?', [rec.id]),
      20_000,
      'the recording row of the call',
    );
    call.recordingId = recording.id;
    await page.close();
  }, 180_000);

  it('a quality manager finds that call’s recording by the caller’s full number and plays it', async () => {
    expect(call.recordingId).toBeGreaterThan(0);
    const page = await browser.newPage();
    await signIn(page, 'qa', null);
    await page.waitForSelector('[data-test=recordings-table]');
    await page.fill('[data-test=recordings-phone]', DONOR_DIGITS);
    await page.click('[data-test=recordings-search]');
    const play = page.locator(`[data-test=play-${call.recordingId}]`);
    await play.waitFor({ timeout: 10_000 });
    await play.click();
    await page.waitForSelector(`[data-test=recording-player][data-recording-id="${call.recordingId}"]`);
    await page.click('[data-test=recording-play]');
    const t = await until(
      () => page.$eval('[data-test=recording-audio]', (a) => ((a as HTMLAudioElement).currentTime > 0.3 ? (a as HTMLAudioElement).currentTime : null)),
      15_000,
      'the audio to play',
    );
    expect(t).toBeGreaterThan(0.3);
    // the waveform decodes the same file meanwhile: that must not swap the source under a recording already playing
    await page.waitForSelector('[data-test=recording-player][data-wave=ready]', { timeout: 30_000 });
    const after = await page.$eval('[data-test=recording-audio]', (a) => ({ src: (a as HTMLAudioElement).src, paused: (a as HTMLAudioElement).paused, at: (a as HTMLAudioElement).currentTime }));
    expect(after.src).not.toMatch(/^blob:/);
    expect(after.paused).toBe(false);
    expect(after.at).toBeGreaterThan(0.3);
    await screenshot(page, 'desk-zh-CN-08-recordings');
    await page.close();
  }, 60_000);

  it('another agent gets 403 on that recording', async () => {
    const page = await browser.newPage();
    await signIn(page, 'agent2', null);
    await page.goto(`${platform.url}/recordings/${call.recordingId}`);
    const msg = page.locator('[data-test=recording-forbidden]');
    await msg.waitFor({ timeout: 10_000 });
    expect(await msg.textContent()).toContain('无权收听该录音');
    expect(await page.locator('[data-test=recording-player]').count()).toBe(0);
    const statuses = await page.evaluate(async (id) => {
      const token = (JSON.parse(sessionStorage.getItem('donorline.auth') ?? '{}') as { token?: string }).token ?? '';
      const meta = await fetch(`/api/recordings/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const audio = await fetch(`/api/recordings/${id}/audio`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=0-99' } });
      const media = await fetch(`/api/recordings/${id}/media-url`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      // the session token is never accepted from a URL
      const inUrl = await fetch(`/api/recordings/${id}/audio?token=${encodeURIComponent(token)}`, { headers: { range: 'bytes=0-99' } });
      return [meta.status, audio.status, media.status, inUrl.status];
    }, call.recordingId);
    expect(statuses).toEqual([403, 403, 403, 401]);
    await screenshot(page, 'desk-zh-CN-09-forbidden');
    await page.close();

    console.log(
      `[e2e] pop render latency (socket event → painted card): ${measured.popRenderMs} ms; donor name on screen at most ${measured.nameAfterRingMs} ms after the phone started ringing (upper bound: from the last simulator poll that still saw the phone quiet)`,
    );
  }, 60_000);
});
