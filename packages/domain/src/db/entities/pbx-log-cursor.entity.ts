import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { str, ts } from './columns.js';

/** How far the bridge has applied the PBX's CDR file (migration 1766500000000): per file, its inode and byte offset. */
@Entity({ name: 'pbx_log_cursor' })
export class PbxLogCursor {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_pbx_log_cursor_source', { unique: true })
  @Column(str('source', 255))
  source!: string;

  @Column(str('inode', 32))
  inode!: string;

  @Column({ name: 'position', type: 'bigint', nullable: false, default: 0 })
  position!: string;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
