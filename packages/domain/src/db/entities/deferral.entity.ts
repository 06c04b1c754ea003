import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { DonationType } from '../../donations/donation.types.js';
import { day, int, json, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';

/** "Deferred until <date> (reason)" from the blood-establishment system; until = null is a permanent deferral. */
@Entity({ name: 'deferral' })
export class Deferral {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_deferral_donor')
  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', (d: Donor) => d.deferrals, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_deferral_donor_id' })
  donor?: Relation<Donor>;

  @Column(day('from_date'))
  fromDate!: string;

  @Column(day('until', true))
  until!: string | null;

  @Column(str('reason', 255))
  reason!: string;

  /** Donation types it applies to; null = all types. */
  @Column(json('types'))
  types!: DonationType[] | null;

  /** The BECS deferral number, or donor number + start date + reason when the BECS gives none. */
  @Index('ux_deferral_becs_key', { unique: true })
  @Column(str('becs_key', 64, true))
  becsKey!: string | null;

  @Column(str('becs_hash', 32, true))
  becsHash!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
