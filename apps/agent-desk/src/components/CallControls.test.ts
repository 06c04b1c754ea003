/**
 * Call control over the real socket: commands reach the peer with the contract's payloads, and every way a
 * command can fail — the PBX says no, no answer in time, no connection — ends as a clear sentence on screen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { popFor } from '../../test/peer/fixtures.js';
import { installShortcuts } from '../composables/useShortcuts.js';
import { disconnectRealtime } from '../realtime/connection.js';
import { setCommandTimeout } from '../realtime/commands.js';
import { useCallStore } from '../stores/call.store.js';
import CallControls from './CallControls.vue';

let peer: ContractPeer;
let desk: Desk;

async function liveCall(locale: 'zh-CN' | 'en' = 'zh-CN') {
  desk = await openDesk({ peer, locale });
  const calls = useCallStore(desk.pinia);
  const pop = popFor('known');
  peer.ring(pop);
  await waitFor(() => calls.ringing, 5000, 'ringing');
  const w = desk.mount(CallControls);
  await w.get('[data-test=answer]').trigger('click');
  await waitFor(() => calls.live, 5000, 'connected');
  await w.vm.$nextTick();
  return { w, calls, pop };
}

beforeEach(async () => {
  peer = await startPeer();
});
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

describe('CallControls', () => {
  it('answers (training mode), holds, resumes and hangs up with the contract payloads', async () => {
    const { w, calls, pop } = await liveCall();
    await w.get('[data-test=hold]').trigger('click');
    await waitFor(() => calls.onHold, 5000, 'on hold');
    expect(w.get('[data-test=hold]').text()).toContain('恢复');
    await w.get('[data-test=hold]').trigger('click');
    await waitFor(() => calls.active?.state === 'connected', 5000, 'resumed');
    await w.get('[data-test=hangup]').trigger('click');
    await waitFor(() => calls.ended, 5000, 'ended');
    expect(peer.commands.map((c) => c.event)).toEqual(['call:answer', 'call:hold', 'call:resume', 'call:hangup']);
    expect(peer.commands.every((c) => (c.payload as { callId: string }).callId === pop.callId)).toBe(true);
    expect(w.find('[data-test=command-error]').exists()).toBe(false);
  });

  it('shows the PBX refusal as a sentence with the server detail (zh-CN)', async () => {
    peer.behave('call:hangup', { code: 'PBX_REJECTED', message: 'Channel not found' });
    const { w, calls } = await liveCall();
    await w.get('[data-test=hangup]').trigger('click');
    await waitFor(() => w.find('[data-test=command-error]').exists(), 5000, 'error line');
    expect(w.get('[data-test=command-error]').text()).toBe('挂断失败：交换机拒绝了该操作（Channel not found）');
    expect(calls.live).toBe(true);
    expect(calls.lastError?.command).toBe('call:hangup');
  });

  it('says the outcome is unknown when the bridge does not answer in time (English)', async () => {
    peer.behave('call:hold', 'no-ack');
    const { w } = await liveCall('en');
    setCommandTimeout(200);
    await w.get('[data-test=hold]').trigger('click');
    await waitFor(() => w.find('[data-test=command-error]').exists(), 5000, 'timeout line');
    expect(w.get('[data-test=command-error]').text()).toBe('Hold failed: No answer from the server in time; the outcome is unknown, check the current state');
  });

  it('says nothing was sent when the socket is down, and does not queue the command', async () => {
    const { w } = await liveCall();
    const before = peer.commands.length;
    disconnectRealtime();
    await w.get('[data-test=record]').trigger('click');
    await waitFor(() => w.find('[data-test=command-error]').exists(), 5000, 'offline line');
    expect(w.get('[data-test=command-error]').text()).toBe('录音失败：实时通道未连接，操作未发送');
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.commands.length).toBe(before);
  });

  it('shows the recording as the PBX reports it and pauses/resumes it with the button and Alt+R (zh-CN)', async () => {
    installShortcuts();
    const { w, calls, pop } = await liveCall();
    // answered: the bridge reports the dialplan's recording running
    await waitFor(() => w.find('[data-test=recording-on]').exists(), 5000, 'recording shown');
    expect(w.get('[data-test=recording-on]').text()).toBe('录音中');
    expect(w.get('[data-test=record]').text()).toContain('暂停录音');
    expect(w.find('[data-test=recording-paused]').exists()).toBe(false);

    await w.get('[data-test=record]').trigger('click');
    await waitFor(() => w.find('[data-test=recording-paused]').exists(), 5000, 'paused shown');
    expect(w.get('[data-test=recording-paused]').text()).toBe('录音已暂停');
    expect(w.get('[data-test=record]').text()).toContain('恢复录音');
    expect(w.get('[data-test=record]').attributes('aria-pressed')).toBe('true');
    expect(w.find('[data-test=recording-on]').exists()).toBe(false);
    const toasts = (): string[] => [...document.querySelectorAll('.el-message')].map((m) => m.textContent?.trim() ?? '');
    await waitFor(() => toasts().includes('录音已暂停'), 5000, 'paused toast');

    // the PBX's word wins: a resumed recording reported by the bridge shows as running again
    peer.update({ state: 'connected', recording: { id: null, active: true, paused: false } });
    await waitFor(() => w.find('[data-test=recording-on]').exists(), 5000, 'running again');
    peer.update({ state: 'connected', recording: { id: null, active: false, paused: true } });
    await waitFor(() => w.find('[data-test=recording-paused]').exists(), 5000, 'paused again');

    window.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyR', altKey: true, bubbles: true }));
    await waitFor(() => w.find('[data-test=recording-on]').exists(), 5000, 'resumed by Alt+R');
    await waitFor(() => toasts().includes('录音已恢复'), 5000, 'resumed toast');
    expect(peer.commands.filter((c) => c.event === 'call:record').map((c) => c.payload)).toEqual([
      { callId: pop.callId, on: false },
      { callId: pop.callId, on: true },
    ]);
    expect(calls.active?.recording).toMatchObject({ active: true, paused: false });
  });

  it('a call the PBX does not record offers "Record" and shows no recording state; the refusal is a sentence (English)', async () => {
    peer.behave('call:record', { code: 'CONFLICT', message: 'this call has no running recording to pause or resume' });
    const { w } = await liveCall('en');
    peer.update({ state: 'connected', recording: null });
    await waitFor(() => !w.find('[data-test=recording-on]').exists(), 5000, 'no recording');
    expect(w.get('[data-test=record]').text()).toContain('Record');
    expect(w.get('[data-test=record]').attributes('data-recording')).toBe('none');
    await w.get('[data-test=record]').trigger('click');
    await waitFor(() => w.find('[data-test=command-error]').exists(), 5000, 'error line');
    expect(w.get('[data-test=command-error]').text()).toMatch(/^Record failed: /);
    expect(w.find('[data-test=recording-paused]').exists()).toBe(false);
  });

  it('attended transfer: consult, then complete', async () => {
    const { w, calls } = await liveCall();
    await w.get('[data-test=transfer]').trigger('click');
    expect(w.find('[data-test=transfer-form]').exists()).toBe(true);
    await calls.transfer('attended', { kind: 'extension', value: '8002' });
    await waitFor(() => w.find('[data-test=consult]').exists(), 5000, 'consulting');
    expect(w.get('[data-test=consult]').text()).toContain('8002');
    await w.get('[data-test=transfer-complete]').trigger('click');
    await waitFor(() => calls.ended, 5000, 'ended after transfer');
    expect(peer.commands.filter((c) => c.event.startsWith('call:transfer')).map((c) => c.event)).toEqual(['call:transfer', 'call:transfer-complete']);
    expect(peer.commands.find((c) => c.event === 'call:transfer')!.payload).toMatchObject({ mode: 'attended', target: { kind: 'extension', value: '8002' } });
  });
});
