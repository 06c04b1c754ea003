/**
 * One shared timer queue for the whole simulator.
 *
 * Every simulated duration (ring timeouts, talk times, waits, playbacks) goes through here, multiplied by
 * `timeScale`, so a test can run a 5 s talk in 50 ms. Timers live in a binary min-heap served by a single
 * Node timer: 2,000 concurrent calls cost 2,000 small heap entries, not 2,000 Node timers. Timers due at the
 * same instant fire in the order they were scheduled, which keeps event order deterministic.
 */
export interface TimerHandle {
  readonly due: number;
  cancelled: boolean;
}

interface Entry extends TimerHandle {
  readonly seq: number;
  readonly fn: () => void;
}

export class Scheduler {
  private heap: Entry[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private readonly startedAt = performance.now();
  private stopped = false;

  constructor(
    readonly timeScale: number,
    private readonly onError: (err: unknown) => void = (err) => console.error('[asterisk-sim] timer failed', err),
  ) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  }

  /**
   * The clock never reads earlier than the due time of the timer being run: `run()` takes timers that are
   * due within half a millisecond (Node fires timers up to ~1 ms early), and a callback must not see a time
   * before its own due time (app_queue's wrap-up end is judged against the clock by the timer that ends it).
   */
  private floor = 0;

  /** Real milliseconds since the scheduler started (never before the due time of the running timer). */
  realNow(): number {
    const t = performance.now() - this.startedAt;
    return t > this.floor ? t : this.floor;
  }

  /** Simulated milliseconds since start (real time divided by timeScale). */
  simNow(): number {
    return this.realNow() / this.timeScale;
  }

  /** Wall-clock epoch ms in simulated time: start epoch + simulated elapsed. */
  simEpochMs(): number {
    return this.epochAtStart + this.simNow();
  }

  private readonly epochAtStart = Date.now();

  /** Schedule `fn` after `simMs` simulated milliseconds. */
  after(simMs: number, fn: () => void): TimerHandle {
    const delay = Math.max(0, simMs) * this.timeScale;
    const entry: Entry = { due: this.realNow() + delay, seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    if (entry.due < this.armedFor) this.arm();
    return entry;
  }

  /** A promise that resolves after `simMs` simulated milliseconds. */
  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.after(simMs, resolve));
  }

  private cancelledInHeap = 0;

  cancel(handle: TimerHandle | undefined): void {
    if (!handle || handle.cancelled) return;
    handle.cancelled = true;
    // long timers that were cancelled (queue timeouts, waits) would otherwise sit in the heap until due
    if (++this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.compact();
  }

  private compact(): void {
    const live = this.heap.filter((e) => !e.cancelled);
    this.heap = [];
    this.cancelledInHeap = 0;
    for (const e of live) this.push(e);
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Drop every timer (restart, stop). */
  clear(): void {
    for (const e of this.heap) e.cancelled = true;
    this.heap = [];
    this.cancelledInHeap = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private arm(): void {
    if (this.stopped) return;
    const top = this.heap[0];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    if (!top) return;
    const wait = Math.max(0, top.due - this.realNow());
    this.armedFor = top.due;
    this.timer = setTimeout(() => this.run(), wait);
  }

  private run(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.realNow() + 0.5;
    let budget = 5000;
    while (budget-- > 0) {
      const top = this.heap[0];
      if (!top || top.due > now) break;
      this.pop();
      if (top.cancelled) {
        if (this.cancelledInHeap > 0) this.cancelledInHeap--;
        continue;
      }
      if (top.due > this.floor) this.floor = top.due;
      try {
        top.fn();
      } catch (err) {
        this.onError(err);
      }
    }
    this.arm();
  }

  private less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!this.less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || !last) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(h[r]!, h[l]!)) c = r;
      if (!this.less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}
