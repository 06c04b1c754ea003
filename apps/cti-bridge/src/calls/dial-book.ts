/**
 * Click-to-dial correlation: the bridge puts a one-time token into the Originate (channel variable DL_DIAL), and the
 * call that carries it is the one this agent asked for. The number stays in the bridge (the desk names a donor).
 */
export const DIAL_VAR = 'DL_DIAL';

export interface PendingDial {
  token: string;
  number: string;
  donorId: number | null;
  userId: number;
  ext: string;
  resolve: (callId: string) => void;
}

export class DialBook {
  private readonly pending = new Map<string, PendingDial>();

  add(d: PendingDial): void {
    this.pending.set(d.token, d);
  }

  /** The dial a token names (consumed). */
  take(token: string): PendingDial | undefined {
    const d = this.pending.get(token);
    this.pending.delete(token);
    return d;
  }

  drop(token: string): void {
    this.pending.delete(token);
  }

  get size(): number {
    return this.pending.size;
  }
}
