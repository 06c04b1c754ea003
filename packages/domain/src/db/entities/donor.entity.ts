import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AboGroup, Gender, RhFactor } from '../../donors/donor.types.js';
import type { Appointment } from './appointment.entity.js';
import { bool, day, dbl, int, json, str, text, ts } from './columns.js';
import type { Deferral } from './deferral.entity.js';
import type { Donation } from './donation.entity.js';
import type { DonorPhone } from './donor-phone.entity.js';
import type { User } from './user.entity.js';

/**
 * A donor. The national ID is never stored in clear: an HMAC-SHA256 hash for exact match, the last four characters
 * (indexed, for "last digits" search and the IVR check), the masked form for display, and an AES-256-GCM ciphertext
 * for audited unmasking.
 */
@Entity({ name: 'donor' })
// segment counts (issue 13) and the planner's ranked list by blood group (issue 14)
@Index('ix_donor_blood', ['bloodAbo', 'bloodRh', 'gender'])
// the donation facts below, for segment counts (group + consent + lapse; consent + lapse + count) and the planner's
// platelet pool (group, contactable, last platelet date; covering) — migration 1766400000000
@Index('ix_donor_seg_group_lapse', ['bloodAbo', 'consentRecruitment', 'lastDonationDate'])
@Index('ix_donor_seg_lapse', ['consentRecruitment', 'lastDonationDate', 'donationCount'])
@Index('ix_donor_platelet_pool', ['bloodAbo', 'bloodRh', 'consentRecruitment', 'doNotCall', 'lastPlateletDate', 'plateletCount', 'accountManagerId'])
export class Donor {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_donor_name')
  @Column(str('name', 50))
  name!: string;

  @Column(str('gender', 8))
  gender!: Gender;

  @Column(day('birth_date', true))
  birthDate!: string | null;

  @Index('ix_donor_national_id_hash')
  @Column(str('national_id_hash', 64, true))
  nationalIdHash!: string | null;

  @Index('ix_donor_national_id_last4')
  @Column(str('national_id_last4', 4, true))
  nationalIdLast4!: string | null;

  @Column(str('national_id_masked', 24, true))
  nationalIdMasked!: string | null;

  @Column(str('national_id_cipher', 255, true))
  nationalIdCipher!: string | null;

  @Column(str('blood_abo', 2, true))
  bloodAbo!: AboGroup | null;

  @Column(str('blood_rh', 1, true))
  bloodRh!: RhFactor | null;

  @Column(str('occupation', 50, true))
  occupation!: string | null;

  @Index('ix_donor_segment')
  @Column(str('segment', 32, true))
  segment!: string | null;

  @Column(json('tags', false))
  tags!: string[];

  @Column(str('media_source', 20, true))
  mediaSource!: string | null;

  @Column(bool('consent_recruitment'))
  consentRecruitment!: boolean;

  @Column(bool('consent_sms'))
  consentSms!: boolean;

  @Column(bool('consent_health_data'))
  consentHealthData!: boolean;

  @Column(bool('do_not_call'))
  doNotCall!: boolean;

  @Column(bool('had_adverse_reaction'))
  hadAdverseReaction!: boolean;

  @Column(dbl('weight_kg'))
  weightKg!: number | null;

  @Index('ix_donor_account_manager')
  @Column(int('account_manager_id', true))
  accountManagerId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'account_manager_id', foreignKeyConstraintName: 'fk_donor_account_manager_id' })
  accountManager?: Relation<User> | null;

  @Column(int('points', false, 0))
  points!: number;

  @Column(str('address', 255, true))
  address!: string | null;

  @Column(text('notes'))
  notes!: string | null;

  /** The donor's number in the blood-establishment system (献血者编号): the key of every import. */
  @Index('ux_donor_becs_donor_no', { unique: true })
  @Column(str('becs_donor_no', 32, true))
  becsDonorNo!: string | null;

  /** Keyed fingerprint of the last imported BECS content: an unchanged row is skipped without a write. */
  @Column(str('becs_hash', 32, true))
  becsHash!: string | null;

  /** Fingerprint of the raw file row that last wrote this row (a re-imported identical row is skipped unparsed). */
  @Column(str('becs_row_hash', 32, true))
  becsRowHash!: string | null;

  /**
   * Donation facts, kept equal to the donation table by every donation writer (db/integration/donation-facts.ts):
   * donations that count (outcome ≠ rejected), their first/last date, the latest one's type, platelet ones.
   */
  @Column(int('donation_count', false, 0))
  donationCount!: number;

  @Column(day('first_donation_date', true))
  firstDonationDate!: string | null;

  @Column(day('last_donation_date', true))
  lastDonationDate!: string | null;

  @Column(str('last_donation_type', 16, true))
  lastDonationType!: string | null;

  @Column(int('platelet_count', false, 0))
  plateletCount!: number;

  @Column(day('last_platelet_date', true))
  lastPlateletDate!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;

  @OneToMany('DonorPhone', (p: DonorPhone) => p.donor)
  phones?: Relation<DonorPhone[]>;

  @OneToMany('Donation', (d: Donation) => d.donor)
  donations?: Relation<Donation[]>;

  @OneToMany('Deferral', (d: Deferral) => d.donor)
  deferrals?: Relation<Deferral[]>;

  @OneToMany('Appointment', (a: Appointment) => a.donor)
  appointments?: Relation<Appointment[]>;
}
