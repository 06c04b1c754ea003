import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { PhoneKind } from '../../donors/phone.js';
import { bool, int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';

/**
 * A donor's phone number in E.164. The index on e164 is deliberately NOT unique: a family can share one number,
 * and the caller lookup returns every donor on it.
 */
@Entity({ name: 'donor_phone' })
@Index('ux_donor_phone_donor_e164', ['donorId', 'e164'], { unique: true })
export class DonorPhone {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', (d: Donor) => d.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_donor_phone_donor_id' })
  donor?: Relation<Donor>;

  @Index('ix_donor_phone_e164')
  @Column(str('e164', 20))
  e164!: string;

  @Column(str('kind', 12))
  kind!: PhoneKind;

  @Column(str('label', 32, true))
  label!: string | null;

  @Column(bool('is_primary'))
  isPrimary!: boolean;

  /** 'becs' for numbers imported from the blood-establishment system (replaced by the next import); null: linked in the desk. */
  @Column(str('source', 8, true))
  source!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
