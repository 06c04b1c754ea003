/**
 * What the gateway keeps: every accepted message (with its delivery state) and every uplink reply a person or a test
 * sent as the donor. Bounded (oldest dropped past `max`) so a long bench cannot grow it without limit; the counters
 * keep counting.
 */
export interface SimMessage {
  /** Which provider API the platform used: Alibaba Cloud dysmsapi, Tencent Cloud SMS API 3.0 or SMPP. */
  api: 'aliyun' | 'tencent' | 'smpp';
  /** Aliyun's BizId, Tencent's SerialNo, SMPP's message_id (of the first part). */
  bizId: string;
  requestId: string;
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  /** The template text with the parameters filled in, when the simulator knows the template. */
  text: string | null;
  outId: string | null;
  acceptedAt: string;
  state: 'accepted' | 'delivered' | 'undelivered';
  reportedAt: string | null;
  /** Pushed (Aliyun) or pulled (Tencent) to the platform. */
  reportPushed: boolean;
  /** Tencent's billed count (SendStatus.Fee); SMPP: the number of parts. */
  fee?: number;
  /** SMPP: the sender (source_addr, the center's number or 106 code). */
  source?: string;
}

export interface SimReply {
  seq: number;
  phone: string;
  content: string;
  at: string;
  pushed: boolean;
  /** How the platform gets it: pushed to its inbound URL (Aliyun SmsUp), queued for PullSmsReplyStatus (Tencent), or
   * sent as an MO deliver_sm on the bound SMPP link. */
  via: 'push' | 'pull' | 'smpp';
  error: string | null;
}

export class MessageStore {
  readonly messages: SimMessage[] = [];
  readonly replies: SimReply[] = [];
  private readonly byBizId = new Map<string, SimMessage>();
  accepted = 0;
  rejected = 0;
  faulted = 0;
  /** Accepted messages per OutId: more than one means the platform sent the same message twice. */
  private readonly outIds = new Map<string, number>();
  duplicates = 0;

  constructor(private readonly max = 100_000) {}

  add(m: SimMessage): void {
    this.accepted++;
    if (m.outId) {
      const n = (this.outIds.get(m.outId) ?? 0) + 1;
      this.outIds.set(m.outId, n);
      if (n > 1) this.duplicates++;
    }
    this.messages.push(m);
    this.byBizId.set(m.bizId, m);
    while (this.messages.length > this.max) this.byBizId.delete(this.messages.shift()!.bizId);
  }

  get(bizId: string): SimMessage | undefined {
    return this.byBizId.get(bizId);
  }

  addReply(r: SimReply): void {
    this.replies.push(r);
    if (this.replies.length > this.max) this.replies.shift();
  }

  /** Newest first, optionally for one number. */
  list(phone?: string, limit = 200): SimMessage[] {
    const out: SimMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0 && out.length < limit; i--) {
      const m = this.messages[i]!;
      if (!phone || m.phone === phone) out.push(m);
    }
    return out;
  }

  distinctOutIds(): number {
    return this.outIds.size;
  }

  clear(): void {
    this.messages.length = 0;
    this.replies.length = 0;
    this.byBizId.clear();
    this.outIds.clear();
    this.accepted = this.rejected = this.faulted = this.duplicates = 0;
  }
}
