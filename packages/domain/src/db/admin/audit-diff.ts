/** Old → new for the audit log: only the fields that differ (shared by the admin services). */
export function auditDiff<T extends object>(a: T | null, b: T | null, keys: readonly (keyof T)[]): { old: Record<string, unknown>; new: Record<string, unknown> } {
  const o: Record<string, unknown> = {};
  const n: Record<string, unknown> = {};
  for (const k of keys) {
    const av = a ? a[k] : undefined;
    const bv = b ? b[k] : undefined;
    if (JSON.stringify(av) !== JSON.stringify(bv)) {
      if (a) o[k as string] = av ?? null;
      if (b) n[k as string] = bv ?? null;
    }
  }
  return { old: o, new: n };
}
