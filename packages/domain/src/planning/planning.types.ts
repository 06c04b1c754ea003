/**
 * The platelet demand planner (issue 14): vocabulary shared by the pure rules (forecast, projection, plan, ranking),
 * the database layer (db/planning/), the bridge routes and the desk. Quantities are therapeutic units (治疗量) of
 * apheresis platelets; days are the center's local dates.
 */
import { ABO_GROUPS, RH_FACTORS, type BloodType } from '../donors/donor.types.js';
import type { LocalDate } from '../time/local-date.js';
import type { RankedDonor } from './ranking.js';

/** The eight ABO/RhD groups the planner works per. */
export const PLAN_GROUPS: readonly BloodType[] = ABO_GROUPS.flatMap((a) => RH_FACTORS.map((r) => `${a}${r}` as BloodType));

export function isPlanGroup(g: unknown): g is BloodType {
  return typeof g === 'string' && (PLAN_GROUPS as readonly string[]).includes(g);
}

/** Units of one group on the shelf that expire at the end of `expiresOn`. */
export interface StockLot {
  group: BloodType;
  expiresOn: LocalDate;
  units: number;
}

/** Issues to hospitals on one day for one group (history). */
export interface IssueFact {
  day: LocalDate;
  group: BloodType;
  units: number;
}

/** A known future need (scheduled surgery, a hospital's standing order), on top of the forecast. */
export interface KnownNeed {
  day: LocalDate;
  group: BloodType;
  units: number;
  note?: string | null;
}

/** Free apheresis capacity of one site on one day (slots minus bookings) and the bookings already made. */
export interface SiteDayCapacity {
  siteId: number;
  siteName: string;
  day: LocalDate;
  capacity: number;
  booked: number;
}

/** Conversion of recruitment contacts: invited → booked → showed up. */
export interface Funnel {
  bookRate: number;
  showRate: number;
  /** 'default' until the campaigns' own history has enough contacts to measure it. */
  source: 'default' | 'measured';
  /** How many invitations the measured rates are based on. */
  basis: number;
}

/** Seed 000: only ~30 % of platelet donors book; most who book come (a stated default until there is history). */
export const DEFAULT_FUNNEL: Funnel = Object.freeze({ bookRate: 0.3, showRate: 0.85, source: 'default', basis: 0 });

export interface PlanSettings {
  /** Days the plan covers, today included. */
  horizonDays: number;
  /** Platelets keep 5 days: a unit collected on day c may be issued through day c + shelfLifeDays − 1. */
  shelfLifeDays: number;
  /** Testing and release: a unit collected on day c is on the shelf from day c + releaseLagDays. */
  releaseLagDays: number;
  /** Units to keep on the shelf at the end of every day, per group (missing group: defaultSafety). */
  safety: Partial<Record<BloodType, number>>;
  defaultSafety: number;
  /** Therapeutic units one apheresis donation yields on average (1–2 per donation). */
  unitsPerDonation: number;
  /**
   * How sure the plan wants to be of staying above safety: the plan aims at safety + z·σ (σ = the forecast's own
   * backtest error over the lead time). 1.65 ≈ 95 % of days; 0 aims at the mean forecast exactly.
   */
  serviceZ: number;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = Object.freeze({
  horizonDays: 7, shelfLifeDays: 5, releaseLagDays: 1, safety: {}, defaultSafety: 4, unitsPerDonation: 1.6, serviceZ: 1.65,
}) as PlanSettings;

/** The forecast method, named so a planner can judge it (shown with its backtest error). */
export const FORECAST_METHOD = 'holt-weekday' as const;
export const FORECAST_METHOD_LABEL = {
  zh: '霍尔特线性趋势 + 星期季节指数（乘法）',
  en: 'Holt linear trend on weekday-adjusted issues (multiplicative weekday indices)',
} as const;

export interface ForecastError {
  /** Mean absolute error, units per day. */
  mae: number;
  /** Mean absolute percentage error over days with issues (%). */
  mape: number;
  /** Weighted APE: Σ|e| / Σ actual (%) — robust when small groups have zero days. */
  wape: number;
  /** Days compared (rolling origin, 7-day-ahead forecasts over the last 8 weeks). */
  days: number;
}

export interface GroupForecast {
  group: BloodType;
  /** Forecast per day of the horizon (units, not rounded). */
  forecast: number[];
  /** Known needs per day of the horizon. */
  known: number[];
  error: ForecastError | null;
  /** Backtest pairs for the "forecast vs actual" chart: the last 8 weeks. */
  backtest: { day: LocalDate; forecast: number; actual: number }[];
}

export interface GroupProjection {
  group: BloodType;
  safety: number;
  /** Units the plan keeps above safety against forecast error (z·σ over the lead time). */
  buffer: number;
  /** Demand used per day (forecast + known). */
  demand: number[];
  /** Units already expected from bookings (booked × show rate), per collection day. */
  bookedCollections: number[];
  /** Additional collections the plan asks for, per collection day (units). */
  plannedCollections: number[];
  /** End-of-day stock without and with the planned collections. */
  stockWithout: number[];
  stockWith: number[];
  shortageWithout: number[];
  shortageWith: number[];
  wasteWithout: number[];
  wasteWith: number[];
}

export interface SiteDayNeed {
  siteId: number;
  siteName: string;
  day: LocalDate;
  free: number;
  /** Donations to book at this site that day. */
  slots: number;
  /** Invitations to send for them (slots ÷ book rate ÷ show rate). */
  invites: number;
}

export interface PlanResult {
  today: LocalDate;
  days: LocalDate[];
  method: { id: typeof FORECAST_METHOD; zh: string; en: string };
  funnel: Funnel;
  settings: PlanSettings;
  forecasts: GroupForecast[];
  projections: GroupProjection[];
  /** Donations needed per day (all groups) and per group. */
  donations: { day: LocalDate; group: BloodType; donations: number }[];
  siteNeeds: SiteDayNeed[];
  /** Days whose stock stays below the aim because no collection day with free capacity can reach them (donations short). */
  capacityShort: { day: LocalDate; donations: number }[];
}

/** The ranked list as the desk receives it (planning/ranking.ts RankResult + the pool size). */
export interface PlanningListDto {
  items: RankedDonor[];
  considered: number;
  pool: number;
  excluded: Record<string, number>;
}

export interface StockSnapshotView {
  id: number;
  takenAt: string;
  source: string;
  lots: StockLot[];
  note: string | null;
  createdAt: string;
}

export interface KnownNeedView extends KnownNeed {
  id: number;
  note: string | null;
}

export type PlanView = PlanResult & { snapshot: StockSnapshotView | null; needs: KnownNeedView[] };

/** The planner's HTTP routes (merged into HttpApi). */
export interface PlanningHttpApi {
  'GET /api/planning/plan': { query: { horizonDays?: number; serviceZ?: number; unitsPerDonation?: number }; reply: PlanView };
  'GET /api/planning/list': { query: { group: string; targetDay: string; emergency?: boolean; siteIds?: string; limit?: number }; reply: PlanningListDto };
  'POST /api/planning/tasks': {
    body: { donorIds: number[]; targetDay: string; group: string; emergency?: boolean; reasons?: Record<string, string> };
    reply: { created: { donorId: number; taskId: number }[]; skipped: { donorId: number; reason: string }[] };
  };
  'GET /api/planning/stock': { reply: StockSnapshotView | null };
  'POST /api/planning/stock': { body: { lots: { group: string; expiresOn: string; units: number }[]; takenAt?: string; note?: string | null }; reply: StockSnapshotView };
  'POST /api/planning/issues': { body: { records: { day: string; group: string; units: number }[]; source?: 'desk' | 'import' }; reply: { written: number } };
  'GET /api/planning/needs': { reply: KnownNeedView[] };
  'POST /api/planning/needs': { body: { day: string; group: string; units: number; note?: string | null }; reply: KnownNeedView };
  'DELETE /api/planning/needs/:id': { params: { id: number }; reply: null };
  'GET /api/planning/safety': { reply: Record<string, number> };
  'PUT /api/planning/safety': { body: Record<string, number>; reply: Record<string, number> };
}
