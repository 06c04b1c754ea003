import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Disposition } from '../../calls/call.types.js';
import type { SegmentEndReason } from '../../calls/call-segment.types.js';
import { int, str, text, ts } from './columns.js';

/** One agent's part of a call (migration 1765100000000): who, from–to, talk/hold, how it ended for them, their wrap-up. */
@Entity({ name: 'call_segment' })
@Index('ux_call_segment_call_ext', ['linkedid', 'ext'], { unique: true })
@Index('ix_call_segment_agent_time', ['agentId', 'startedAt'])
@Index('ix_call_segment_report', ['startedAt', 'agentId', 'answeredAt', 'talkSeconds', 'holdSeconds', 'wrapUpSeconds', 'disposition'])
export class CallSegment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('linkedid', 64))
  linkedid!: string;

  @Column(int('agent_id', true))
  agentId!: number | null;

  @Column(str('ext', 20))
  ext!: string;

  @Column(str('queue', 32, true))
  queue!: string | null;

  @Column(ts('started_at'))
  startedAt!: Date;

  @Column(ts('answered_at', true))
  answeredAt!: Date | null;

  @Column(ts('ended_at', true))
  endedAt!: Date | null;

  @Column(int('talk_seconds', false, 0))
  talkSeconds!: number;

  @Column(int('hold_seconds', false, 0))
  holdSeconds!: number;

  /** This agent's wrap-up after their part (agent state log, migration 1765700000000). */
  @Column(int('wrap_up_seconds', false, 0))
  wrapUpSeconds!: number;

  @Column(str('end_reason', 24, true))
  endReason!: SegmentEndReason | null;

  @Column(str('disposition', 20, true))
  disposition!: Disposition | null;

  @Column(text('notes'))
  notes!: string | null;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
