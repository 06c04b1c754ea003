/**
 * Screen-pop latency instrumentation: from the moment `pop:show` reaches the desk to the moment the card is painted.
 * Marks go to the Performance timeline (`donorline:pop:received:<popId>` / `…:rendered:<popId>`, measure
 * `donorline:pop:<popId>`), and each measurement is appended to `window.__donorline.popLatencies` for the E2E test.
 */

export interface PopLatency {
  popId: string;
  /** Milliseconds from the socket event to the painted card. */
  ms: number;
  at: string;
}

interface DonorlineGlobal {
  popLatencies: PopLatency[];
}

declare global {
  interface Window {
    __donorline?: DonorlineGlobal;
  }
}

const received = new Map<string, number>();
const measured = new Set<string>();

function sink(): PopLatency[] {
  const w = globalThis as unknown as { __donorline?: DonorlineGlobal };
  w.__donorline ??= { popLatencies: [] };
  return w.__donorline.popLatencies;
}

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    /* marks are best effort */
  }
}

/** Called by the socket binding as the first thing when a pop arrives. Only the first delivery of a popId counts. */
export function markPopReceived(popId: string): void {
  if (received.has(popId)) return;
  received.set(popId, performance.now());
  mark(`donorline:pop:received:${popId}`);
}

/** Called by the card once its DOM is on the page; measures after the next paint. */
export function markPopRendered(popId: string): void {
  if (measured.has(popId) || !received.has(popId)) return;
  measured.add(popId);
  const finish = (): void => {
    const start = received.get(popId)!;
    const ms = performance.now() - start;
    mark(`donorline:pop:rendered:${popId}`);
    try {
      performance.measure(`donorline:pop:${popId}`, `donorline:pop:received:${popId}`, `donorline:pop:rendered:${popId}`);
    } catch {
      /* measure is best effort */
    }
    sink().push({ popId, ms: Math.round(ms * 10) / 10, at: new Date().toISOString() });
  };
  // requestAnimationFrame runs just before the paint; the macrotask after it runs once the frame is painted.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(finish, 0));
  else setTimeout(finish, 0);
}

export function popLatencies(): readonly PopLatency[] {
  return sink();
}

/** Ensures window.__donorline exists from the start (the E2E test reads it). */
export function installPerfGlobal(): void {
  sink();
}
