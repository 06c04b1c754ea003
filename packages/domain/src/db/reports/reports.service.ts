import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import type { QueueFigures } from '../../reports/figures.js';
import { REPORT_KINDS, type ReportFilter, type ReportKind, type ReportResult } from '../../reports/report.types.js';
import { currentAgentState, recordAgentState, type AgentStateChange } from './agent-state-log.js';
import { attributionReport, workSlaReport } from './business-reports.js';
import { agentReport, ivrReport, queueFiguresOf, volumeReport } from './call-reports.js';
import { reportRange } from './report-range.js';
import { satisfactionFacts } from './satisfaction-report.js';
import { satisfactionLowRows, satisfactionReport } from '../../reports/satisfaction.js';
import { rollupDay, rollupMissing } from './rollup.js';

/** The reports' one entry: validated filter in, a table out (rows + optional total). */
export class ReportService {
  constructor(private readonly ds: DataSource, private readonly now: () => Date = () => new Date()) {}

  async run<K extends ReportKind>(kind: K, filter: ReportFilter): Promise<ReportResult<K>> {
    return (await this.runAny(kind, filter)) as ReportResult<K>;
  }

  private async runAny(kind: ReportKind, filter: ReportFilter): Promise<ReportResult> {
    if (!REPORT_KINDS.includes(kind)) throw new DomainError('VALIDATION_FAILED', `unknown report ${String(kind)}`);
    const r = reportRange(filter);
    const base = { kind, filter: r.filter, generatedAt: this.now().toISOString() };
    switch (kind) {
      case 'volume': {
        const v = await volumeReport(this.ds, r, r.filter.group ?? 'day');
        return { ...base, rows: v.rows, total: v.total } as ReportResult;
      }
      case 'agents':
        return { ...base, rows: await agentReport(this.ds, r, this.now()) } as ReportResult;
      case 'ivr': {
        const { nodes, ...total } = await ivrReport(this.ds, r);
        return { ...base, rows: nodes, total } as ReportResult;
      }
      case 'work-sla':
        return { ...base, rows: await workSlaReport(this.ds, r, this.now()) } as ReportResult;
      case 'attribution':
        return { ...base, rows: await attributionReport(this.ds, r) } as ReportResult;
      case 'satisfaction': {
        const s = satisfactionReport(await satisfactionFacts(this.ds, r, r.filter), r.filter.satGroup ?? 'day');
        return { ...base, rows: s.rows, total: s.total } as ReportResult;
      }
      case 'satisfaction-low':
        return { ...base, rows: satisfactionLowRows(await satisfactionFacts(this.ds, r, r.filter)) } as ReportResult;
    }
  }

  /** Per-queue figures of one local day (the wallboard's "today"), computed exactly as the volume report does. */
  queueFiguresOfDay(day: string, slSeconds = 20): Promise<Map<string, QueueFigures>> {
    return queueFiguresOf(this.ds, reportRange({ from: day, to: day, slSeconds }));
  }

  /** Rolls up one closed local day (reports then read it from the rollups). */
  rollupDay(day: string, slSeconds = 20): Promise<void> {
    return rollupDay(this.ds, day, slSeconds, this.now());
  }

  /** Rolls up the closed days in [from, before) that are not yet (the nightly job). Returns the days done. */
  rollupMissing(from: string, before: string, slSeconds = 20, maxDays = 400): Promise<string[]> {
    return rollupMissing(this.ds, from, before, slSeconds, this.now(), maxDays);
  }

  recordAgentState(c: AgentStateChange): Promise<void> {
    return recordAgentState(this.ds, c);
  }

  /** The agent's seat now, as the bridge last logged it ('logged-out' with ext null when nothing is open). */
  currentAgentState(userId: number): Promise<{ ext: string | null; state: string; reason: string | null }> {
    return currentAgentState(this.ds, userId);
  }
}
