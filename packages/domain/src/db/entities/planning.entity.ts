import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { day, int, json, str, ts } from './columns.js';

/**
 * The platelet planner's inputs (issue 14). Written with raw SQL by db/planning/; the entities describe the schema.
 * Who wrote a row is kept as an id only: the audit log holds the who-did-what.
 */
@Entity({ name: 'planning_stock_snapshot' })
export class PlanningStockSnapshot {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** When the stock was counted (the latest wins). */
  @Index('ix_planning_stock_snapshot_taken')
  @Column(ts('taken_at'))
  takenAt!: Date;

  /** 'desk' (entered by a planner) | 'becs' (posted with an API key). */
  @Column(str('source', 8))
  source!: string;

  /** [{ group, expiresOn, units }] */
  @Column(json('lots', false))
  lots!: { group: string; expiresOn: string; units: number }[];

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @Column(int('api_key_id', true))
  apiKeyId!: number | null;

  @Column(str('note', 255, true))
  note!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}

/** Units issued to hospitals on one day for one group: one row per day and group (a re-post replaces it). */
@Entity({ name: 'planning_issue' })
@Index('ux_planning_issue_day_group', ['day', 'bloodGroup'], { unique: true })
export class PlanningIssue {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(day('day'))
  day!: string;

  @Column(str('blood_group', 3))
  bloodGroup!: string;

  @Column(int('units'))
  units!: number;

  /** 'desk' | 'import' (XLSX) | 'becs' (ingest API). */
  @Column(str('source', 8))
  source!: string;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}

/** A known future need (scheduled surgery, a hospital's standing order). */
@Entity({ name: 'planning_need' })
export class PlanningNeed {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_planning_need_day')
  @Column(day('day'))
  day!: string;

  @Column(str('blood_group', 3))
  bloodGroup!: string;

  @Column(int('units'))
  units!: number;

  @Column(str('note', 255, true))
  note!: string | null;

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
