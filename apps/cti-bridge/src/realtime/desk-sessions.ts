/**
 * One active desk per agent: the socket that logged in to the seat (or, after its disconnect, the next socket of
 * the same user) controls it. Another socket of the same user takes over only with `takeover: true`; the old one
 * is told `session:replaced` and closed. Pops go to every socket of the user (a reconnecting desk gets its pop at
 * once, even before the server noticed the old connection is dead); commands only from the controlling one.
 */
export class DeskSessions {
  private readonly controller = new Map<number, string>();

  constructor(private readonly isConnected: (socketId: string) => boolean) {}

  controllerOf(userId: number): string | null {
    const id = this.controller.get(userId);
    if (id && !this.isConnected(id)) {
      this.controller.delete(userId);
      return null;
    }
    return id ?? null;
  }

  /** The socket may act for the user (it controls the seat, or nobody does and it claims it). */
  mayAct(userId: number, socketId: string): boolean {
    const c = this.controllerOf(userId);
    if (c === null) {
      this.controller.set(userId, socketId);
      return true;
    }
    return c === socketId;
  }

  /** Takes control; returns the socket that lost it (null if none). */
  claim(userId: number, socketId: string): string | null {
    const prev = this.controllerOf(userId);
    this.controller.set(userId, socketId);
    return prev !== null && prev !== socketId ? prev : null;
  }

  release(userId: number, socketId: string): void {
    if (this.controller.get(userId) === socketId) this.controller.delete(userId);
  }
}
