import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { DonationType } from '../../donations/donation.types.js';
import { int, str, ts } from './columns.js';
import type { DonationSite } from './donation-site.entity.js';

/** A bookable time window at a site, for one donation type; `booked` only changes through a conditional UPDATE. */
@Entity({ name: 'appointment_slot' })
@Index('ix_appointment_slot_site_start', ['siteId', 'startsAt'])
@Index('ix_appointment_slot_type_start', ['type', 'startsAt'])
@Index('ix_appointment_slot_template', ['templateId'])
export class AppointmentSlot {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('site_id'))
  siteId!: number;

  @ManyToOne('DonationSite', (s: DonationSite) => s.slots, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_appointment_slot_site_id' })
  site?: Relation<DonationSite>;

  @Column(str('type', 16))
  type!: DonationType;

  @Column(ts('starts_at'))
  startsAt!: Date;

  @Column(ts('ends_at'))
  endsAt!: Date;

  @Column(int('capacity'))
  capacity!: number;

  @Column(int('booked', false, 0))
  booked!: number;

  /** The template that generated this slot (null: entered by hand or by the demo seed; generation leaves those alone). */
  @Column(int('template_id', true))
  templateId!: number | null;
}
