import { localDateOf, type QueueFigures } from '@donorline/domain';

export interface TodayFiguresDeps {
  /** The volume report by queue for one local day (db/reports): the reports and the wallboard share it. */
  figuresOfDay(day: string, slSeconds: number): Promise<Map<string, QueueFigures>>;
  /** Open tasks past their due time (the work queue). */
  overdueTasks(): Promise<number>;
  slSeconds: number;
  /** Re-read at most this often while the wallboard asks (ms). */
  maxAgeMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/**
 * Today's per-queue figures for the wallboard, read from the same SQL as the reports (so both agree for the same
 * period) and cached: refreshed when older than maxAgeMs and soon after a call ends. Reads are synchronous (the
 * socket pushes every few seconds); a refresh runs in the background, one at a time.
 */
export class TodayFigures {
  private figures = new Map<string, QueueFigures>();
  private overdue = 0;
  private readAt = 0;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly d: TodayFiguresDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Re-read now (or join the read under way). */
  refresh(): Promise<void> {
    if (this.running) return this.running;
    const day = localDateOf(new Date(this.now()));
    this.running = (async () => {
      try {
        const [f, o] = await Promise.all([this.d.figuresOfDay(day, this.d.slSeconds), this.d.overdueTasks()]);
        this.figures = f;
        this.overdue = o;
        this.readAt = this.now();
      } catch (err) {
        this.d.onError?.(err);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private freshen(): void {
    if (this.now() - this.readAt >= (this.d.maxAgeMs ?? 5000)) void this.refresh();
  }

  of(queue: string): QueueFigures | null {
    this.freshen();
    return this.figures.get(queue) ?? null;
  }

  overdueTasks(): number {
    this.freshen();
    return this.overdue;
  }

  /** The time of the last successful read (0: never). */
  get lastRead(): number {
    return this.readAt;
  }
}
