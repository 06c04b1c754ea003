export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const ABO_GROUPS = ['A', 'B', 'O', 'AB'] as const;
export type AboGroup = (typeof ABO_GROUPS)[number];
export const RH_FACTORS = ['+', '-'] as const;
export type RhFactor = (typeof RH_FACTORS)[number];

/** 'A+', 'O-', … or null when not yet typed (first-time donors before their first donation). */
export type BloodType = `${AboGroup}${RhFactor}`;

export function bloodTypeOf(abo: AboGroup | null | undefined, rh: RhFactor | null | undefined): BloodType | null {
  return abo && rh ? (`${abo}${rh}` as BloodType) : null;
}

/** Segment tags used for targeted recruitment (分类管理). Free-form tags are allowed beside these. */
export const SEGMENT_TAGS = ['student', 'office-worker', 'civil-servant', 'medical-staff', 'military', 'self-employed', 'retired', 'rural'] as const;
export type SegmentTag = (typeof SEGMENT_TAGS)[number];

/** Where the donor first heard of donating (媒体效果 reports). */
export const MEDIA_SOURCES = ['street-bus', 'wechat', 'weibo', 'tv', 'radio', 'campus', 'workplace', 'referral', 'hospital', 'sms', 'website', 'other'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];
