import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { bool, int, json, str, text, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

/**
 * BECS integration (issue 11): API keys of machine clients, background import jobs with their row-level issues,
 * saved column mappings per source, and donors found under two BECS ids. Written with raw SQL by
 * db/integration/*; the entities describe the schema for TypeORM.
 */
@Entity({ name: 'api_key' })
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('name', 100))
  name!: string;

  /** The public part of the key (dlk_<prefix>.<secret>): how a presented key finds its row. */
  @Index('ux_api_key_prefix', { unique: true })
  @Column(str('prefix', 16))
  prefix!: string;

  /** SHA-256 of the whole key (the key is 256 random bits: a slow hash adds nothing); the key itself is shown once. */
  @Column(str('key_hash', 64))
  keyHash!: string;

  @Column(json('scopes', false))
  scopes!: string[];

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_api_key_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('last_used_at', true))
  lastUsedAt!: Date | null;

  @Column(ts('revoked_at', true))
  revokedAt!: Date | null;

  @Column(int('revoked_by_id', true))
  revokedById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'revoked_by_id', foreignKeyConstraintName: 'fk_api_key_revoked_by_id' })
  revokedBy?: Relation<User> | null;
}

@Entity({ name: 'import_job' })
export class ImportJob {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('source', 32))
  source!: string;

  @Column(str('kind', 12))
  kind!: string;

  @Column(str('file_name', 255))
  fileName!: string;

  @Column(str('stored_path', 500))
  storedPath!: string;

  @Column(str('format', 8))
  format!: string;

  @Column(str('encoding', 16, true))
  encoding!: string | null;

  @Index('ix_import_job_status')
  @Column(str('status', 12))
  status!: string;

  /** 'dry-run' or 'apply': what the job is doing or last did. */
  @Column(str('phase', 8))
  phase!: string;

  @Column(bool('skip_invalid'))
  skipInvalid!: boolean;

  @Column(int('total_rows', false, 0))
  totalRows!: number;

  @Column(int('processed_rows', false, 0))
  processedRows!: number;

  /** The last row (of sheet checkpoint_sheet) whose batch is committed: an interrupted apply resumes after it. */
  @Column(int('checkpoint_sheet', false, 0))
  checkpointSheet!: number;

  @Column(int('checkpoint_row', false, 0))
  checkpointRow!: number;

  @Column(json('counts'))
  counts!: Record<string, number> | null;

  @Column(int('issue_count', false, 0))
  issueCount!: number;

  @Column(text('message'))
  message!: string | null;

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_import_job_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('started_at', true))
  startedAt!: Date | null;

  @Column(ts('finished_at', true))
  finishedAt!: Date | null;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}

@Entity({ name: 'import_issue' })
@Index('ix_import_issue_job_row', ['jobId', 'phase', 'rowNo'])
export class ImportIssue {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('job_id'))
  jobId!: number;

  @ManyToOne('ImportJob', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_import_issue_job_id' })
  job?: Relation<ImportJob>;

  @Column(str('phase', 8))
  phase!: string;

  @Column(str('sheet', 64, true))
  sheet!: string | null;

  @Column(int('row_no'))
  rowNo!: number;

  @Column(str('column_name', 64, true))
  columnName!: string | null;

  @Column(str('field', 32, true))
  field!: string | null;

  @Column(str('code', 32))
  code!: string;

  @Column(str('severity', 8))
  severity!: string;

  @Column(str('becs_id', 40, true))
  becsId!: string | null;

  @Column(str('message', 500))
  message!: string;

  /** The offending value, masked when it is personal data. */
  @Column(str('value', 100, true))
  value!: string | null;
}

@Entity({ name: 'import_mapping' })
export class ImportMappingRow {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_import_mapping_source', { unique: true })
  @Column(str('source', 32))
  source!: string;

  @Column(text('body', false))
  body!: string;

  @Column(int('updated_by_id', true))
  updatedById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_id', foreignKeyConstraintName: 'fk_import_mapping_updated_by_id' })
  updatedBy?: Relation<User> | null;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}

/** A BECS donor number whose person already exists under another donor record (reported, never merged). */
@Entity({ name: 'becs_duplicate' })
@Index('ux_becs_duplicate_pair', ['becsDonorNo', 'existingDonorId'], { unique: true })
export class BecsDuplicate {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('becs_donor_no', 32))
  becsDonorNo!: string;

  @Column(int('existing_donor_id'))
  existingDonorId!: number;

  @ManyToOne('Donor', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'existing_donor_id', foreignKeyConstraintName: 'fk_becs_duplicate_existing_donor_id' })
  existingDonor?: Relation<Donor>;

  @Column(str('existing_becs_donor_no', 32, true))
  existingBecsDonorNo!: string | null;

  @Column(str('reason', 24))
  reason!: string;

  @Column(int('job_id', true))
  jobId!: number | null;

  @Column(int('api_key_id', true))
  apiKeyId!: number | null;

  @Column(ts('first_seen_at'))
  firstSeenAt!: Date;

  @Column(ts('last_seen_at'))
  lastSeenAt!: Date;

  @Column(int('times', false, 1))
  times!: number;

  @Column(ts('resolved_at', true))
  resolvedAt!: Date | null;
}
