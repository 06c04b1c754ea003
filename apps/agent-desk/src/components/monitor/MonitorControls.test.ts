/**
 * 监听 / 耳语 / 强插 on the wallboard over the real socket (the contract peer plays the bridge): the keys a role may
 * use, the contract's payloads, the current mode shown and switched, stop; a supervisor without a seat is told why
 * the keys are off; English labels.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserDto } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../../test/peer/contract-peer.js';
import { AGENT } from '../../../test/peer/fixtures.js';
import { useMonitorStore } from '../../stores/monitor.store.js';
import MonitorBar from './MonitorBar.vue';
import MonitorControls from './MonitorControls.vue';

const SUPERVISOR: UserDto = { ...AGENT, displayName: '孙班长', role: 'supervisor', extension: '8009' };
const QUALITY: UserDto = { ...AGENT, displayName: '周质检', role: 'quality', extension: '8010' };
const CALL = '1700000000.42';

let peer: ContractPeer;
let desk: Desk;

beforeEach(async () => {
  peer = await startPeer();
});
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

const keys = (w: { findAll(s: string): Array<{ text(): string }> }): string[] => w.findAll('button[data-test^=monitor-]').map((b) => b.text());

describe('MonitorControls', () => {
  it('a seated supervisor listens, whispers, barges and stops; the bar shows the mode', async () => {
    peer.setSession({ extension: '8009', state: 'paused', pauseReason: 'break' });
    desk = await openDesk({ peer, user: SUPERVISOR });
    const monitor = useMonitorStore(desk.pinia);
    const row = desk.mount(MonitorControls, { callId: CALL });
    const bar = desk.mount(MonitorBar);
    expect(keys(row)).toEqual(['监听', '耳语', '强插']);

    await row.get('[data-test=monitor-listen]').trigger('click');
    await waitFor(() => monitor.running?.state === 'active', 5000, 'active');
    await row.vm.$nextTick();
    expect(bar.get('[data-test=monitor-mode]').text()).toBe('监听');
    expect(bar.text()).toContain('正在监听 王坐席 8002 的通话');
    expect(row.get('[data-test=monitor-listen]').attributes('aria-pressed')).toBe('true');
    expect(row.find('[data-test=monitor-stop]').exists()).toBe(true);

    await row.get('[data-test=monitor-whisper]').trigger('click');
    await waitFor(() => monitor.running?.mode === 'whisper', 5000, 'whisper');
    await row.get('[data-test=monitor-barge]').trigger('click');
    await waitFor(() => monitor.running?.mode === 'barge', 5000, 'barge');
    await bar.vm.$nextTick();
    expect(bar.get('[data-test=monitor-mode]').text()).toBe('强插');
    expect(bar.text()).toContain('来电人也能听到您');

    await row.get('[data-test=monitor-stop]').trigger('click');
    await waitFor(() => monitor.session?.state === 'ended', 5000, 'ended');
    await bar.vm.$nextTick();
    expect(bar.get('[data-test=monitor-ended]').text()).toBe('已结束监听');
    expect(row.find('[data-test=monitor-stop]').exists()).toBe(false);
    expect(peer.commands.filter((c) => c.event.startsWith('monitor:')).map((c) => [c.event, c.payload])).toEqual([
      ['monitor:start', { callId: CALL, mode: 'listen' }],
      ['monitor:mode', { mode: 'whisper' }],
      ['monitor:mode', { mode: 'barge' }],
      ['monitor:stop', {}],
    ]);
  });

  it('another row is off while one call is monitored; monitoring an agent names the extension', async () => {
    peer.setSession({ extension: '8009', state: 'paused', pauseReason: 'break' });
    desk = await openDesk({ peer, user: SUPERVISOR });
    const monitor = useMonitorStore(desk.pinia);
    const byAgent = desk.mount(MonitorControls, { agent: '8002' });
    const other = desk.mount(MonitorControls, { callId: CALL });
    await byAgent.get('[data-test=monitor-whisper]').trigger('click');
    await waitFor(() => monitor.running?.state === 'active', 5000, 'active');
    await other.vm.$nextTick();
    expect(peer.commands.find((c) => c.event === 'monitor:start')?.payload).toEqual({ agent: '8002', mode: 'whisper' });
    expect(other.get('[data-test=monitor-listen]').attributes('disabled')).toBeDefined();
    expect(other.get('[data-test=monitor-listen]').attributes('title')).toBe('您正在监听另一通电话');
  });

  it('quality staff get the listen key only; without a seat the key is off and says why (English)', async () => {
    peer.setSession({ extension: null, state: 'logged-out', pauseReason: null });
    desk = await openDesk({ peer, user: QUALITY, locale: 'en' });
    const row = desk.mount(MonitorControls, { callId: CALL });
    expect(keys(row)).toEqual(['Listen']);
    const listen = row.get('[data-test=monitor-listen]');
    expect(listen.attributes('disabled')).toBeDefined();
    expect(listen.attributes('title')).toBe('Take a seat first: your phone carries the monitoring');
    await listen.trigger('click');
    expect(peer.commands.some((c) => c.event === 'monitor:start')).toBe(false);
  });

  it('agents see no monitoring keys at all', async () => {
    desk = await openDesk({ peer });
    const row = desk.mount(MonitorControls, { callId: CALL });
    expect(row.find('[data-test=monitor-controls]').exists()).toBe(false);
  });
});
