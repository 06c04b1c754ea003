import type { AgentRef } from '../../contracts/dto.js';

/** Shared row → DTO helpers for the raw-SQL read paths. */
export function agentRef(id: unknown, displayName: unknown, extension: unknown): AgentRef | null {
  if (id === null || id === undefined) return null;
  return { id: Number(id), displayName: String(displayName ?? ''), extension: extension === null || extension === undefined ? null : String(extension) };
}

export function clampPage(page?: number, pageSize?: number, maxSize = 200): { page: number; pageSize: number; offset: number } {
  const p = Number.isFinite(page) && page! >= 1 ? Math.floor(page!) : 1;
  const s = Number.isFinite(pageSize) && pageSize! >= 1 ? Math.min(Math.floor(pageSize!), maxSize) : 20;
  return { page: p, pageSize: s, offset: (p - 1) * s };
}

/** The user performing an action; null for the system (IVR, jobs). */
export type ActorId = number | null;
