import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { SiteCapability, SiteKind } from '../../appointments/appointment.types.js';
import type { AppointmentSlot } from './appointment-slot.entity.js';
import { bool, dbl, json, str, text } from './columns.js';

/** A fixed site (献血屋, does apheresis) or a blood bus (献血车, whole blood only). */
@Entity({ name: 'donation_site' })
export class DonationSite {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_donation_site_code', { unique: true })
  @Column(str('code', 32))
  code!: string;

  @Column(str('name', 100))
  name!: string;

  @Column(str('kind', 8))
  kind!: SiteKind;

  @Column(str('district', 50))
  district!: string;

  @Column(str('address', 255))
  address!: string;

  @Column(str('hours', 255))
  hours!: string;

  @Column(str('transport', 500))
  transport!: string;

  @Column(text('what_to_bring'))
  whatToBring!: string | null;

  @Column(json('capabilities', false))
  capabilities!: SiteCapability[];

  @Column(str('phone', 20, true))
  phone!: string | null;

  @Column(dbl('latitude'))
  latitude!: number | null;

  @Column(dbl('longitude'))
  longitude!: number | null;

  @Column(bool('active'))
  active!: boolean;

  /** No slots are generated on the service calendar's public holidays. */
  @Column({ name: 'closes_on_holidays', type: 'boolean', width: 1, nullable: false, default: false })
  closesOnHolidays!: boolean;

  @OneToMany('AppointmentSlot', (s: AppointmentSlot) => s.site)
  slots?: Relation<AppointmentSlot[]>;
}
