/**
 * The reports page's satisfaction report against the contract peer: the quality manager picks 满意度 and sees the
 * domain's figures (sent, response rate, average, low and called back), groups by first-time / repeat donors, then
 * the unsatisfied answers with whether each was called back; an agent gets the server's refusal in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../../test/peer/contract-peer.js';
import { QUALITY } from '../../../test/peer/fixtures.js';
import { useReportsStore } from '../../stores/reports.store.js';
import ReportsView from './ReportsView.vue';

let peer: ContractPeer;
let desk: Desk;
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

describe('ReportsView: satisfaction', () => {
  beforeEach(async () => {
    peer = await startPeer();
  });

  it('figures, grouping by donor kind, and the unsatisfied answers with their callbacks', async () => {
    desk = await openDesk({ peer, connect: false, user: QUALITY, token: 'token-qa' });
    const w = desk.mount(ReportsView);
    await w.find('[data-test=report-kind-satisfaction] input').setValue(true);
    await waitFor(() => w.find('[data-test=satisfaction-total]').exists(), 5000, 'the satisfaction figures');
    const kpi = (k: string) => w.find(`[data-test=sat-${k}]`).text();
    expect([kpi('sent'), kpi('rate'), kpi('average'), kpi('low'), kpi('done')]).toEqual(['5', '80.0%', '3', '2', '1/2']);
    expect(peer.requests.some((r) => r.path === '/api/reports/satisfaction' && r.query.satGroup === 'day')).toBe(true);

    useReportsStore(desk.pinia).query.satGroup = 'donor-kind';
    await w.find('[data-test=report-run]').trigger('click');
    await waitFor(() => w.find('[data-test=report-table]').text().includes('初次献血者'), 5000, 'the donor-kind rows');
    const table = w.find('[data-test=report-table]').text();
    expect(table).toContain('再次献血者');
    expect(table).toContain('50.0%'); // first-time: 1 of 2 answered

    await w.find('[data-test=report-kind-satisfaction-low] input').setValue(true);
    await waitFor(() => w.findAll('[data-test=report-table] tbody tr').length === 2, 5000, 'the two unsatisfied answers');
    const rows = w.findAll('[data-test=report-table] tbody tr').map((r) => r.text());
    expect(rows[0]).toMatch(/2026-12-07 14:05.*语音调查.*李晓梅.*1.*王芳.*已分派.*未回访/);
    expect(rows[1]).toMatch(/2026-12-07 12:30.*短信调查.*五四广场献血屋.*2.*王芳.*已解决.*已回访.*5/);
    expect(w.find('[data-test=report-chart]').exists()).toBe(false);
  }, 20_000);

  it('an agent is refused with the server\'s words', async () => {
    desk = await openDesk({ peer, connect: false });
    const reports = useReportsStore(desk.pinia);
    reports.kind = 'satisfaction';
    await reports.load();
    expect(reports.error).toMatchObject({ status: 403 });
  });
});
