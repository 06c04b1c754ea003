/** How the reports and the wallboard show rates and times (null = nothing to show yet: '—'). */
import { formatDuration } from '../../utils/format.js';

export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
export const secs = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatDuration(Math.round(v)));
