import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PhraseLine } from '../../phrases/phrase-script.js';
import { bool, int, json, str, ts } from './columns.js';

/** One version of the standard-phrase script (规范用语) of a call type; exactly one version per call type is active. */
@Entity({ name: 'phrase_script_version' })
@Index('ux_phrase_script_version', ['callType', 'version'], { unique: true })
@Index('ix_phrase_script_active', ['callType', 'active'])
export class PhraseScriptVersion {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('call_type', 32))
  callType!: string;

  @Column(int('version'))
  version!: number;

  @Column(json('body', false))
  lines!: PhraseLine[];

  @Column(str('note', 200, true))
  note!: string | null;

  @Column(bool('active'))
  active!: boolean;

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
