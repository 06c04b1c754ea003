import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { int, str, ts } from './columns.js';

/** How a call's ring ended for one agent: they answered, rejected it (拒接), a colleague took it, or nobody did. */
export type RingOutcome = 'answered' | 'rejected' | 'answered-elsewhere' | 'missed';

/** One agent's phone rang for a call (the agent's shift list and call-backs read these). */
@Entity({ name: 'agent_ring' })
@Index('ux_agent_ring_call_user', ['linkedid', 'userId'], { unique: true })
@Index('ix_agent_ring_user_time', ['userId', 'ringingAt'])
export class AgentRing {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('linkedid', 64))
  linkedid!: string;

  @Column(int('user_id'))
  userId!: number;

  @Column(str('ext', 20))
  ext!: string;

  @Column(ts('ringing_at'))
  ringingAt!: Date;

  @Column(ts('ended_at', true))
  endedAt!: Date | null;

  @Column(str('outcome', 20, true))
  outcome!: RingOutcome | null;
}
