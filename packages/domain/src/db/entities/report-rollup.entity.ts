import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { day, int, str, ts } from './columns.js';

/** Calls' CallTotals per UTC hour and queue ('' = none), at the threshold of report_rollup_day (migration 1765700000000). */
@Entity({ name: 'report_call_hour' })
@Index('ux_report_call_hour', ['hourAt', 'queue'], { unique: true })
export class ReportCallHour {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(ts('hour_at'))
  hourAt!: Date;

  @Column({ name: 'queue', type: 'varchar', length: 32, nullable: false, default: '' })
  queue!: string;

  @Column(int('offered', false, 0)) offered!: number;
  @Column(int('answered', false, 0)) answered!: number;
  @Column(int('abandoned', false, 0)) abandoned!: number;
  @Column(int('within_sl', false, 0)) withinSl!: number;
  @Column(int('wait_s', false, 0)) waitS!: number;
  @Column(int('talk_s', false, 0)) talkS!: number;
  @Column(int('hold_s', false, 0)) holdS!: number;
  @Column(int('wrap_s', false, 0)) wrapS!: number;
}

/** Calls per local day, IVR path and outcome. */
@Entity({ name: 'report_ivr_day' })
@Index('ix_report_ivr_day', ['day'])
export class ReportIvrDay {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(day('day'))
  day!: string;

  @Column(str('ivr_path', 500))
  ivrPath!: string;

  @Column(str('outcome', 16, true))
  outcome!: string | null;

  @Column(int('calls', false, 0))
  calls!: number;
}

/** Each agent's answered segments per local day: handled, talk, hold, wrap-up, complaint calls. */
@Entity({ name: 'report_agent_day' })
@Index('ux_report_agent_day', ['day', 'agentId'], { unique: true })
export class ReportAgentDay {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(day('day'))
  day!: string;

  @Column(int('agent_id'))
  agentId!: number;

  @Column(int('handled', false, 0)) handled!: number;
  @Column(int('talk_s', false, 0)) talkS!: number;
  @Column(int('hold_s', false, 0)) holdS!: number;
  @Column(int('wrap_s', false, 0)) wrapS!: number;
  @Column(int('complaints', false, 0)) complaints!: number;
}

/** A local day whose calls are rolled up, and at which service-level threshold. */
@Entity({ name: 'report_rollup_day' })
export class ReportRollupDay {
  @PrimaryColumn({ name: 'day', type: 'date' })
  day!: string;

  @Column(int('sl_seconds'))
  slSeconds!: number;

  @Column(ts('rolled_at'))
  rolledAt!: Date;
}
