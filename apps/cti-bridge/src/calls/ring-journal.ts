import { silentLogger, type Logger } from '../logger.js';
import type { CallChange } from './call-state.js';
import type { LiveCall } from './live-call.js';

type RingOutcome = 'answered' | 'rejected' | 'answered-elsewhere' | 'missed';

/** Where rings are written (AgentRingService). */
export interface RingStore {
  ringing(linkedid: string, userId: number, ext: string, at: Date): Promise<void>;
  ended(linkedid: string, userId: number, at: Date, outcome: RingOutcome | null): Promise<void>;
  callEnded(linkedid: string, at: Date, answeredBySomeone: boolean): Promise<void>;
}

export interface RingJournal {
  /** Registry listener. */
  onChange(call: LiveCall, change: CallChange): void;
  /** The agent rejected (拒接) the ringing call from the desk. */
  rejected(callId: string, ext: string): void;
  /** Resolves when every queued write is done (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Every ring of a seated agent's phone, written behind the events (one write at a time, never in the pop's way):
 * who it rang, and how it ended for them — answered, rejected, a colleague answered, or nobody did. The agent's
 * shift list (本班通话) and call-backs read these (GET /api/me/calls, call:dial { callbackOf }).
 */
export function ringJournal(o: { store: RingStore; userAt(ext: string): number | null; logger?: Logger }): RingJournal {
  const log = o.logger ?? silentLogger;
  const users = new Map<string, Map<string, number>>();
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (what: string, fn: () => Promise<void>): void => {
    chain = chain.then(fn).catch((err: unknown) => log.warn({ err }, `ring journal: ${what} failed`));
  };
  const userOf = (callId: string, ext: string): number | null => users.get(callId)?.get(ext) ?? o.userAt(ext);

  return {
    onChange(call, change) {
      const at = new Date(change.at);
      switch (change.kind) {
        case 'ringing': {
          const userId = o.userAt(change.ext);
          if (userId === null) return;
          let m = users.get(call.callId);
          if (!m) users.set(call.callId, (m = new Map()));
          m.set(change.ext, userId);
          enqueue('ringing', () => o.store.ringing(call.callId, userId, change.ext, at));
          return;
        }
        case 'ring-ended': {
          const userId = userOf(call.callId, change.ext);
          if (userId === null) return;
          const outcome: RingOutcome | null = change.reason === 'answered-elsewhere' ? 'answered-elsewhere' : null;
          enqueue('ring ended', () => o.store.ended(call.callId, userId, at, outcome));
          return;
        }
        case 'answered': {
          if (!change.ext) return;
          const userId = userOf(call.callId, change.ext);
          if (userId === null) return;
          enqueue('answered', () => o.store.ended(call.callId, userId, at, 'answered'));
          return;
        }
        case 'ended': {
          if (!users.has(call.callId)) return;
          users.delete(call.callId);
          const answered = [...call.legs.values()].some((l) => l.answeredAt !== null);
          enqueue('call ended', () => o.store.callEnded(call.callId, at, answered));
          return;
        }
        default:
      }
    },
    rejected(callId, ext) {
      const userId = userOf(callId, ext);
      if (userId === null) return;
      enqueue('rejected', () => o.store.ended(callId, userId, new Date(), 'rejected'));
    },
    flush: () => chain,
  };
}
