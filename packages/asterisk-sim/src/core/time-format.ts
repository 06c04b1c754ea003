const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ARI timestamp: `2026-11-22T19:34:02.003+0000` (UTC). */
export function ariTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/** CDR time: `2026-11-22 19:28:44` (UTC, the lab ran in UTC). */
export function cdrTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

export function dateOnly(epochMs: number): string {
  return cdrTime(epochMs).slice(0, 10);
}

export function timeOnly(epochMs: number): string {
  return cdrTime(epochMs).slice(11);
}

/** `HH:MM:SS` duration as CoreShowChannel prints it. */
export function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** HTTP `Date` header. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}
