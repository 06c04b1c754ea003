/**
 * IVR figures from the path the IVR writes on DL_IVR_PATH ('welcome>menu:2>identity:ok>appointments>booked').
 *  - containment = calls that entered the IVR and ended there (outcome ivr-only) ÷ calls that entered the IVR.
 *    A caller who reached the queue (node 'agent') is not contained, whatever happened next.
 *  - drop-off per node = contained calls whose LAST node is this one: where callers leave the IVR. A node that
 *    completes a task ('booked', 'moved', 'cancelled', 'message', 'survey') is self-service done, not a loss; the
 *    report shows both and marks which nodes complete a task.
 */
import type { CallOutcome, IvrStep } from '../calls/call.types.js';

/** Nodes that finish a self-service task: a call ending right after one is contained, not dropped. */
export const IVR_COMPLETION_NODES: readonly IvrStep[] = ['booked', 'moved', 'cancelled', 'message', 'survey', 'my-donations', 'sites', 'replies'];

/** The nodes of a path, details stripped ('menu:2' → 'menu'); empty for a call that never entered the IVR. */
export function ivrNodes(path: string | null | undefined): string[] {
  if (!path) return [];
  return path.split('>').map((s) => s.split(':')[0]!.trim()).filter((s) => s.length > 0);
}

export const lastIvrNode = (path: string | null | undefined): string | null => ivrNodes(path).at(-1) ?? null;

export interface IvrNodeFigures {
  node: string;
  /** Calls that passed through the node (each call counted once per node). */
  reached: number;
  /** Contained (IVR-only) calls whose last node was this one. */
  endedHere: number;
  /** Whether ending here means a task was completed. */
  completes: boolean;
}

export interface IvrFigures {
  entered: number;
  contained: number;
  toAgent: number;
  containment: number | null;
  nodes: IvrNodeFigures[];
}

/** Reduce calls (path + outcome) to IVR figures; nodes in first-seen order of the busiest first. */
/** `count`: how many calls share this path and outcome (SQL groups them; default 1). */
export function ivrFigures(calls: Iterable<{ ivrPath: string | null; outcome: CallOutcome | null; count?: number }>): IvrFigures {
  let entered = 0;
  let contained = 0;
  const nodes = new Map<string, IvrNodeFigures>();
  const node = (n: string): IvrNodeFigures => {
    let f = nodes.get(n);
    if (!f) nodes.set(n, (f = { node: n, reached: 0, endedHere: 0, completes: (IVR_COMPLETION_NODES as readonly string[]).includes(n) }));
    return f;
  };
  for (const c of calls) {
    const path = ivrNodes(c.ivrPath);
    if (path.length === 0) continue;
    const k = c.count ?? 1;
    entered += k;
    for (const n of new Set(path)) node(n).reached += k;
    if (c.outcome === 'ivr-only') {
      contained += k;
      node(path.at(-1)!).endedHere += k;
    }
  }
  return {
    entered, contained, toAgent: entered - contained, containment: entered > 0 ? contained / entered : null,
    nodes: [...nodes.values()].sort((a, b) => b.reached - a.reached || a.node.localeCompare(b.node)),
  };
}
