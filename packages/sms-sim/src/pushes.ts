/**
 * The gateway's pushes to the platform, in Alibaba Cloud's HTTP batch-push shapes:
 *   SmsReport (delivery receipts): [{ phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id }]
 *   SmsUp (uplink replies):        [{ phone_number, send_time, content, sign_name, dest_code, sequence_id }]
 * The platform answers {"code":0,"msg":"成功"}; anything else (or no answer) is retried with back-off a few times,
 * as Aliyun does, then dropped with a log line. Reports are batched (≤ 100 per push, every `intervalMs`).
 */
export interface ReportItem {
  phone_number: string;
  send_time: string;
  report_time: string;
  success: boolean;
  err_code: string;
  err_msg: string;
  sms_size: string;
  biz_id: string;
  out_id: string;
}

export interface UpItem {
  phone_number: string;
  send_time: string;
  content: string;
  sign_name: string;
  dest_code: string;
  sequence_id: number;
}

/** Beijing time as Aliyun writes it: 2026-12-07 16:30:00. */
export function cnTime(d: Date = new Date()): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export async function postJson(url: string, body: unknown, timeoutMs = 5000): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let ok = false;
  try {
    ok = res.ok && (JSON.parse(text) as { code?: unknown }).code === 0;
  } catch { /* not JSON: a failure */ }
  if (!ok) throw new Error(`push answered ${res.status}: ${text.slice(0, 200)}`);
}

export async function pushWithRetry(url: string, body: unknown, log: (m: string) => void, attempts = 4, stopped: () => boolean = () => false): Promise<boolean> {
  for (let i = 0; i < attempts && !stopped(); i++) {
    try {
      await postJson(url, body);
      return true;
    } catch (e) {
      log(`push to ${url.replace(/\?.*$/, '')} failed (attempt ${i + 1}/${attempts}): ${(e as Error).message}`);
      if (i + 1 < attempts) await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
  return false;
}

/** Collects report items and flushes them in batches. */
export class ReportBatcher {
  private queue: ReportItem[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight = new Set<Promise<unknown>>();
  pushed = 0;
  lost = 0;
  stopped = false;

  constructor(
    private readonly url: () => string | null,
    private readonly intervalMs: number,
    private readonly log: (m: string) => void,
    private readonly onPushed: (items: ReportItem[], ok: boolean) => void,
  ) {}

  add(item: ReportItem): void {
    this.queue.push(item);
    if (!this.timer && !this.stopped) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  private flush(): void {
    this.timer = null;
    const url = this.url();
    while (this.queue.length) {
      const batch = this.queue.splice(0, 100);
      if (!url) {
        this.onPushed(batch, false);
        continue;
      }
      const p = pushWithRetry(url, batch, this.log, 4, () => this.stopped).then((ok) => {
        if (ok) this.pushed += batch.length;
        else this.lost += batch.length;
        this.onPushed(batch, ok);
      });
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inflight]);
  }
}
