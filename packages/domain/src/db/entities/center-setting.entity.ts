import { Column, Entity, PrimaryColumn } from 'typeorm';
import { int, text, ts } from './columns.js';

/** One center setting (admin/center-settings.ts), its value JSON-encoded. */
@Entity({ name: 'center_setting' })
export class CenterSetting {
  @PrimaryColumn({ name: 'setting_key', type: 'varchar', length: 40 })
  key!: string;

  @Column(text('value', false))
  value!: string;

  @Column(int('updated_by_id', true))
  updatedById!: number | null;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
