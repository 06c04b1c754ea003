import path from 'node:path';
import { DomainError, type DispositionBuffered, type DispositionSubmit } from '@donorline/domain';
import type { AuthUser } from '../auth/auth.types.js';
import type { Logger } from '../logger.js';
import { DbHealth } from './db-health.js';
import { WrapUpJournal, type JournalledWrapUp } from './wrap-up-journal.js';

export { DbHealth } from './db-health.js';
export { WrapUpJournal } from './wrap-up-journal.js';

export interface WrapUpBody {
  user: Pick<AuthUser, 'userId' | 'role' | 'username' | 'sid' | 'exp'>;
  submit: DispositionSubmit;
}

/** How a journalled wrap-up is written once the database is back (the route's own checks and save). */
export type SaveWrapUp = (user: WrapUpBody['user'], callId: string, submit: DispositionSubmit) => Promise<unknown>;

export interface Outage {
  health: DbHealth;
  journal: WrapUpJournal<WrapUpBody>;
  /** The database is away: the wrap-up goes to the journal (null: it is up, save normally). */
  bufferWrapUp(user: WrapUpBody['user'], callId: string, submit: DispositionSubmit): Promise<DispositionBuffered | null>;
  /** A save failed: journalled when the failure is the database's (not a refusal), else rethrown. */
  bufferOnFailure(err: unknown, user: WrapUpBody['user'], callId: string, submit: DispositionSubmit): Promise<DispositionBuffered>;
  /** Set once the HTTP side is built: how replays save. */
  setSaver(save: SaveWrapUp): void;
  start(): void;
  stop(): void;
}

/**
 * Working through a database outage: the health of the database (pushed to desks as 数据库降级), and the wrap-up
 * journal replayed — each entry exactly once — as soon as the database answers again (and at start).
 */
export function createOutage(o: { probe: () => Promise<unknown>; dataDir: string; logger: Logger }): Outage {
  const health = new DbHealth({ probe: o.probe, logger: o.logger });
  const journal = new WrapUpJournal<WrapUpBody>(path.join(o.dataDir, 'outage', 'wrap-ups.jsonl'), o.logger);
  let saver: SaveWrapUp | null = null;
  const buffer = async (user: WrapUpBody['user'], callId: string, submit: DispositionSubmit): Promise<DispositionBuffered> => {
    const e = await journal.append({ userId: user.userId, callId, body: { user, submit } });
    o.logger.warn({ callId, key: e.key }, 'wrap-up journalled while the database is away');
    return { buffered: true, key: e.key, callId, donor: null };
  };
  const replay = async (): Promise<void> => {
    if (!saver || health.down) return;
    const save = saver;
    const r = await journal.replay(async (e: JournalledWrapUp<WrapUpBody>) => {
      try {
        await save(e.body.user, e.callId, e.body.submit);
        return 'saved';
      } catch (err) {
        // refused for good (not the agent's call, unknown code): recorded as rejected, never retried
        if (err instanceof DomainError && err.code !== 'INTERNAL') return { rejected: `${err.code}: ${err.message}` };
        // the database answers, yet this entry fails: set aside (logged) rather than blocking every entry after it
        if ((await health.check()) === 'up') return { rejected: String((err as Error)?.message ?? err).slice(0, 300) };
        throw err;
      }
    });
    if (r.saved || r.rejected) o.logger.info(r, 'journalled wrap-ups written to the database');
  };
  health.on('change', (s) => {
    if (s === 'up') void replay().catch((err) => o.logger.warn({ err }, 'wrap-up replay failed'));
  });
  return {
    health,
    journal,
    async bufferWrapUp(user, callId, submit) {
      return health.down ? buffer(user, callId, submit) : null;
    },
    async bufferOnFailure(err, user, callId, submit) {
      if (err instanceof DomainError) throw err;
      // only the database being away is buffered; any other failure is the caller's to see
      if ((await health.check()) === 'up') throw err;
      return buffer(user, callId, submit);
    },
    setSaver(save) {
      saver = save;
    },
    start() {
      health.start();
      void replay().catch((err) => o.logger.warn({ err }, 'wrap-up replay at start failed'));
    },
    stop() {
      health.stop();
    },
  };
}
