import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AppointmentStatus, BookingChannel } from '../../appointments/appointment.types.js';
import type { DonationType } from '../../donations/donation.types.js';
import { int, str, ts } from './columns.js';
import type { AppointmentSlot } from './appointment-slot.entity.js';
import type { DonationSite } from './donation-site.entity.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

@Entity({ name: 'appointment' })
@Index('ix_appointment_donor_status', ['donorId', 'status'])
@Index('ix_appointment_created', ['createdAt', 'donorId'])
@Index('ix_appointment_status_starts', ['status', 'startsAt'])
export class Appointment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', (d: Donor) => d.appointments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_appointment_donor_id' })
  donor?: Relation<Donor>;

  @Index('ix_appointment_slot')
  @Column(int('slot_id'))
  slotId!: number;

  @ManyToOne('AppointmentSlot', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'slot_id', foreignKeyConstraintName: 'fk_appointment_slot_id' })
  slot?: Relation<AppointmentSlot>;

  @Index('ix_appointment_site')
  @Column(int('site_id'))
  siteId!: number;

  @ManyToOne('DonationSite', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_appointment_site_id' })
  site?: Relation<DonationSite>;

  @Column(str('type', 16))
  type!: DonationType;

  @Column(ts('starts_at'))
  startsAt!: Date;

  @Column(str('status', 12))
  status!: AppointmentStatus;

  @Column(str('channel', 8))
  channel!: BookingChannel;

  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Index('ix_appointment_created_by')
  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_appointment_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(str('cancelled_reason', 255, true))
  cancelledReason!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
