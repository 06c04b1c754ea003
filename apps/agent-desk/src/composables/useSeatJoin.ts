/**
 * Taking a seat, with an honest answer when it cannot be taken — and a way forward from every answer:
 *  - the extension is not assigned to you → your extensions, one click each;
 *  - your role takes no calls → continue without a seat;
 *  - a colleague holds it → who, since when; a supervisor may free it (force);
 *  - your own account holds it on another desk (another browser, or this page before a reload) → take it over here.
 */
import { ref } from 'vue';
import type { SeatHolder } from '@donorline/domain';
import { CommandError } from '../realtime/commands.js';
import { useSessionStore } from '../stores/session.store.js';
import { rememberExtension } from '../utils/extension.js';
import { useErrorText } from './useErrorText.js';

export type SeatProblem =
  | { kind: 'extension'; ext: string; allowed: string[] }
  | { kind: 'role' }
  | { kind: 'taken'; ext: string; holder: SeatHolder; canForce: boolean }
  | { kind: 'session'; ext: string; address: string | null }
  | { kind: 'error'; text: string };

export function seatProblemOf(e: unknown, ext: string, text: (e: unknown) => string): SeatProblem {
  if (e instanceof CommandError) {
    const d = e.details ?? {};
    if (e.code === 'FORBIDDEN' && d.reason === 'role') return { kind: 'role' };
    if (e.code === 'FORBIDDEN' && d.reason === 'extension') return { kind: 'extension', ext, allowed: Array.isArray(d.allowed) ? (d.allowed as string[]) : [] };
    if (e.code === 'CONFLICT' && d.reason === 'seat-taken' && d.holder) return { kind: 'taken', ext, holder: d.holder as SeatHolder, canForce: d.canForce === true };
    if (e.code === 'SESSION_TAKEN') return { kind: 'session', ext, address: typeof d.address === 'string' ? d.address : null };
  }
  return { kind: 'error', text: text(e) };
}

export function useSeatJoin() {
  const session = useSessionStore();
  const { errorText } = useErrorText();
  const problem = ref<SeatProblem | null>(null);
  const busy = ref(false);

  async function join(extension: string, opts: { takeover?: boolean; force?: boolean } = {}): Promise<boolean> {
    const ext = extension.normalize('NFKC').trim();
    if (!ext) return false;
    problem.value = null;
    busy.value = true;
    try {
      // always asked, even when the session says the seat is ours: another desk of this account may control it
      await session.loginSeat(ext, opts.takeover === true, opts.force === true);
      rememberExtension(ext);
      return true;
    } catch (e) {
      problem.value = seatProblemOf(e, ext, errorText);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { problem, busy, join, clear: () => (problem.value = null) };
}
