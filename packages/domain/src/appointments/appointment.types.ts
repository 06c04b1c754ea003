export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'arrived', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const BOOKING_CHANNELS = ['ivr', 'agent', 'web'] as const;
export type BookingChannel = (typeof BOOKING_CHANNELS)[number];

/** fixed: 献血屋 (a donation house); point: another fixed collection point; bus: 献血车 on its route days. */
export const SITE_KINDS = ['fixed', 'point', 'bus'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What a site can collect. Platelets and plasma need apheresis machines: fixed sites only. */
export const SITE_CAPABILITIES = ['whole-blood', 'platelets', 'plasma'] as const;
export type SiteCapability = (typeof SITE_CAPABILITIES)[number];
