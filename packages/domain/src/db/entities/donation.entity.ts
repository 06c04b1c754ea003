import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { day, int, str, ts } from './columns.js';
import type { DonationSite } from './donation-site.entity.js';
import type { Donor } from './donor.entity.js';

/** A donation as the blood-establishment system reports it. */
@Entity({ name: 'donation' })
@Index('ix_donation_donor_date_outcome', ['donorId', 'date', 'outcome'])
// the planner's ranked list: platelet donations per donor straight from the index (issue 14)
@Index('ix_donation_type_donor', ['type', 'donorId', 'date'])
export class Donation {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', (d: Donor) => d.donations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_donation_donor_id' })
  donor?: Relation<Donor>;

  @Index('ix_donation_site')
  @Column(int('site_id', true))
  siteId!: number | null;

  @ManyToOne('DonationSite', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_donation_site_id' })
  site?: Relation<DonationSite> | null;

  @Column(str('type', 16))
  type!: DonationType;

  @Column(day('date'))
  date!: string;

  @Column(int('volume_ml', true))
  volumeMl!: number | null;

  @Column(int('units', true))
  units!: number | null;

  @Column(str('outcome', 12))
  outcome!: DonationOutcome;

  /** The donation number / bag barcode in the BECS (献血编号): the key of every import. */
  @Index('ux_donation_becs_donation_no', { unique: true })
  @Column(str('becs_donation_no', 40, true))
  becsDonationNo!: string | null;

  @Column(str('becs_hash', 32, true))
  becsHash!: string | null;

  /** Fingerprint of the raw file row that last wrote this row (a re-imported identical row is skipped unparsed). */
  @Column(str('becs_row_hash', 32, true))
  becsRowHash!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
