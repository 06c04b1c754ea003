import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool, int, str, ts } from './columns.js';

/** One entry of a desk pick list (pause reasons, dispositions): admin/desk-lists.ts. */
@Entity({ name: 'desk_list_item' })
@Index('ux_desk_list_item_code', ['list', 'code'], { unique: true })
export class DeskListItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('list', 20))
  list!: string;

  @Column(str('code', 20))
  code!: string;

  @Column(str('label_zh', 40))
  labelZh!: string;

  @Column(str('label_en', 40))
  labelEn!: string;

  @Column(int('sort_order'))
  sortOrder!: number;

  @Column(bool('active'))
  active!: boolean;

  @Column(bool('builtin'))
  builtin!: boolean;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
