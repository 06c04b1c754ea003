import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CallRecord } from './call-record.entity.js';
import { int, str, ts } from './columns.js';

/** A call recording (MixMonitor / ARI record): sensitive data, every playback is audited. */
@Entity({ name: 'recording' })
export class Recording {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_recording_call')
  @Column(int('call_record_id'))
  callRecordId!: number;

  @ManyToOne('CallRecord', (c: CallRecord) => c.recordings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_record_id', foreignKeyConstraintName: 'fk_recording_call_record_id' })
  callRecord?: Relation<CallRecord>;

  @Index('ux_recording_file', { unique: true })
  @Column(str('file_path', 255))
  filePath!: string;

  /** Random 10-digit reference for the quality dial-in (migration 1764200000000); assigned when first listed. */
  @Index('ux_recording_ref_code', { unique: true })
  @Column(str('ref_code', 12, true))
  refCode!: string | null;

  @Column(str('format', 8))
  format!: string;

  @Column(int('duration_seconds', false, 0))
  durationSeconds!: number;

  @Column(int('size_bytes', true))
  sizeBytes!: number | null;

  @Index('ix_recording_started')
  @Column(ts('started_at'))
  startedAt!: Date;

  /** The agent whose leg this is (migration 1765100000000): playback rights follow the leg. */
  @Column(int('agent_id', true))
  agentId!: number | null;

  @Index('ix_recording_segment')
  @Column(int('call_segment_id', true))
  callSegmentId!: number | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
