import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { int, str, ts } from './columns.js';

/** A stretch of time one agent's seat spent in one state (migration 1765700000000); ended_at null = now. */
@Entity({ name: 'agent_state_log' })
@Index('ix_agent_state_log_time', ['startedAt', 'userId'])
@Index('ix_agent_state_log_open', ['userId', 'endedAt'])
export class AgentStateLog {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('user_id'))
  userId!: number;

  @Column(str('ext', 20))
  ext!: string;

  /** An AgentState: 'ready' | 'ringing' | 'on-call' | 'wrap-up' | 'paused' | … */
  @Column(str('state', 16))
  state!: string;

  /** The pause reason code (state 'paused'). */
  @Column(str('reason', 32, true))
  reason!: string | null;

  /** The call of a wrap-up (its seconds go to the agent's segment). */
  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Column(ts('started_at'))
  startedAt!: Date;

  @Column(ts('ended_at', true))
  endedAt!: Date | null;

  @Column(int('seconds', false, 0))
  seconds!: number;
}
