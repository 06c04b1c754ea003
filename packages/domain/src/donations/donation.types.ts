/** What a donor can give. Whole blood comes in 200/300/400 ml; apheresis platelets in 1–2 therapeutic units. */
export const DONATION_TYPES = ['whole-blood', 'platelets', 'plasma'] as const;
export type DonationType = (typeof DONATION_TYPES)[number];

export const WHOLE_BLOOD_VOLUMES_ML = [200, 300, 400] as const;
export type WholeBloodVolume = (typeof WHOLE_BLOOD_VOLUMES_ML)[number];

/** completed: collected in full; partial: collection started but stopped (still counts for intervals); rejected: pre-screening failed, nothing collected. */
export const DONATION_OUTCOMES = ['completed', 'partial', 'rejected'] as const;
export type DonationOutcome = (typeof DONATION_OUTCOMES)[number];

/** The minimum a rule needs to know about a past donation. */
export interface DonationFact {
  type: DonationType;
  date: string; // YYYY-MM-DD, local
  outcome: DonationOutcome;
  volumeMl?: number | null; // whole blood
  units?: number | null; // apheresis platelets
}

export const DONATION_TYPE_LABELS: Readonly<Record<DonationType, { zh: string; en: string }>> = {
  'whole-blood': { zh: '全血', en: 'Whole blood' },
  platelets: { zh: '单采血小板', en: 'Apheresis platelets' },
  plasma: { zh: '单采血浆', en: 'Apheresis plasma' },
};

/** A donation counts towards intervals and honours unless nothing was collected. */
export function counts(d: Pick<DonationFact, 'outcome'>): boolean {
  return d.outcome !== 'rejected';
}
