import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CallDirection, CallOutcome, Disposition, HangupParty } from '../../calls/call.types.js';
import { bool, int, str, text, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { Recording } from './recording.entity.js';
import type { User } from './user.entity.js';

/**
 * The durable record of one call, keyed by Asterisk's Linkedid (unique). Written by idempotent upserts whose
 * merge rules never move a timestamp backwards nor reopen an ended call (see CallRecordService).
 */
@Entity({ name: 'call_record' })
// reports (migration 1765700000000): covering indexes over a started_at range
@Index('ix_call_record_report', ['startedAt', 'direction', 'outcome', 'queue', 'waitSeconds', 'talkSeconds', 'holdSeconds', 'wrapUpSeconds', 'donorId'])
@Index('ix_call_record_ivr', ['startedAt', 'outcome', 'ivrPath'])
@Index('ix_call_record_caller_time', ['direction', 'donorId', 'startedAt'])
export class CallRecord {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_call_record_linkedid', { unique: true })
  @Column(str('linkedid', 64))
  linkedid!: string;

  @Column(str('direction', 10))
  direction!: CallDirection;

  @Index('ix_call_record_caller')
  @Column(str('caller_e164', 32, true))
  callerE164!: string | null;

  @Column(str('caller_masked', 32))
  callerMasked!: string;

  @Column(str('dialed', 32, true))
  dialed!: string | null;

  @Index('ix_call_record_donor')
  @Column(int('donor_id', true))
  donorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_call_record_donor_id' })
  donor?: Relation<Donor> | null;

  @Column(str('queue', 32, true))
  queue!: string | null;

  @Index('ix_call_record_agent')
  @Column(int('agent_id', true))
  agentId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'fk_call_record_agent_id' })
  agent?: Relation<User> | null;

  @Index('ix_call_record_started')
  @Column(ts('started_at'))
  startedAt!: Date;

  @Column(ts('queued_at', true))
  queuedAt!: Date | null;

  @Column(ts('answered_at', true))
  answeredAt!: Date | null;

  @Column(ts('ended_at', true))
  endedAt!: Date | null;

  @Column(int('wait_seconds', false, 0))
  waitSeconds!: number;

  @Column(int('talk_seconds', false, 0))
  talkSeconds!: number;

  @Column(int('hold_seconds', false, 0))
  holdSeconds!: number;

  /** The agents' wrap-up after the call, summed over its segments (agent state log). */
  @Column(int('wrap_up_seconds', false, 0))
  wrapUpSeconds!: number;

  @Column(str('hangup_cause', 64, true))
  hangupCause!: string | null;

  @Column(str('hangup_by', 10, true))
  hangupBy!: HangupParty | null;

  @Column(str('outcome', 16, true))
  outcome!: CallOutcome | null;

  /** The IVR path as the IVR sets it on DL_IVR_PATH: 'welcome>menu:2>booking>agent'. */
  @Column(str('ivr_path', 500, true))
  ivrPath!: string | null;

  @Column(bool('ivr_verified'))
  ivrVerified!: boolean;

  @Column(str('disposition', 20, true))
  disposition!: Disposition | null;

  @Column(text('notes'))
  notes!: string | null;

  /** Set when the record was created or completed from the PBX's own call log (migration 1766500000000). */
  @Column(ts('reconciled_at', true))
  reconciledAt!: Date | null;

  @Column(int('version', false, 1))
  version!: number;

  @Column(ts('updated_at'))
  updatedAt!: Date;

  @OneToMany('Recording', (r: Recording) => r.callRecord)
  recordings?: Relation<Recording[]>;
}
