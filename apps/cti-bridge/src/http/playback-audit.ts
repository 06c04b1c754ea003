/**
 * Audits recording playback: one `recording.play` row per playback, not per HTTP request. A player starts a
 * playback with requests from the first byte (no Range, or `bytes=0-…`: wavesurfer's fetch and the media element's
 * first range request arrive together) and then seeks with `bytes=N-` requests. So a request is audited when the
 * user has not touched that recording for `windowMs` (whatever its range: a link straight into the middle counts),
 * or when it restarts from byte 0 more than TWIN_MS after the previous request; seeks inside a playback are not.
 * Over-auditing is preferred to missing a playback.
 */
import type { AuditService } from '@donorline/domain/node';

/** wavesurfer's fetch and the media element's first request arrive within this interval. */
const TWIN_MS = 5_000;

export class PlaybackAuditor {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly audit: Pick<AuditService, 'write'>,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the audit row when this request starts a playback; returns whether it did. */
  async onRequest(e: { userId: number; recordingId: number; callId: string; range: string | undefined; ip: string | null }): Promise<boolean> {
    const key = `${e.userId}:${e.recordingId}`;
    const t = this.now();
    const seen = this.last.get(key);
    const fromStart = !e.range || /^bytes=0-/i.test(e.range.trim());
    const recent = seen !== undefined && t - seen < this.windowMs;
    // a new playback: nothing recent, or a restart from the top that is not the twin request of the one just audited
    const starts = !recent || (fromStart && t - seen! >= TWIN_MS);
    this.last.set(key, t); // before the write: concurrent twin requests must not both audit
    if (this.last.size > 20_000) for (const [k, v] of this.last) if (t - v > this.windowMs) this.last.delete(k);
    if (!starts) return false;
    await this.audit.write({
      actorId: e.userId, action: 'recording.play', subjectType: 'recording', subjectId: e.recordingId,
      detail: { callId: e.callId, ...(e.range ? { range: e.range.slice(0, 64) } : {}) }, ip: e.ip,
    });
    return true;
  }
}
