/**
 * SMPP (bind_transceiver to a carrier's or aggregator's gateway, smpp@0.5.1). SMPP has no approved-template model:
 * the text is rendered here from our approved templates with the center's signature 【…】 (renderTemplate, the
 * same text the donor's history shows), in UCS2, long texts as 67-unit parts with a concatenation UDH, each part a
 * submit_sm with registered_delivery 1. The answer is classified so the outbox never sends a message twice:
 *   every part command_status 0                        → sent (the first part's message_id is the provider id)
 *   ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR on the first part, or no bound link (nothing written) → retry
 *   ESME_RINVDSTADR and any other status on the first part → park with the status name
 *   a later part refused → park ("n of m parts sent": resending would repeat the parts the donor already has)
 *   no submit_sm_resp (timeout, link dropped after writing) → unknown (a receipt for a known id settles it)
 * Receipts and donor replies arrive as deliver_sm on the same link (smpp-deliver.ts); the link itself is smpp-link.ts.
 */
import { renderTemplate, type SmsProviderLimits } from '@donorline/domain';
import type { DomainServices, SendOutcome } from '@donorline/domain/node';
import smpp from 'smpp';
import type { Logger } from '../logger.js';
import { mainlandMobile } from './aliyun.adapter.js';
import type { SmppConfig } from './smpp-config.js';
import { SmppDeliverHandler } from './smpp-deliver.js';
import { SmppLink, smppStatusName } from './smpp-link.js';
import { UCS2, ucs2Parts } from './smpp-text.js';
import type { SmsProviderPort, SmsSendRequest } from './sms-provider.js';

const RETRY = new Set([smpp.ESME_RTHROTTLED, smpp.ESME_RMSGQFUL, smpp.ESME_RSYSERR]);

export interface SmppAdapterOptions {
  smpp: SmppConfig;
  signName: string;
  timeoutMs: number;
  services: Pick<DomainServices, 'messaging'>;
  logger: Logger;
}

export class SmppSmsAdapter implements SmsProviderPort {
  readonly name: string;
  /** No template variables at the gateway: a value is limited only so one cannot blow a message up into many parts. */
  readonly limits: SmsProviderLimits = { maxParamLength: 70 };
  readonly link: SmppLink;
  readonly deliver: SmppDeliverHandler;
  private ref = 0;

  constructor(private readonly o: SmppAdapterOptions, name = 'smpp') {
    this.name = name;
    this.deliver = new SmppDeliverHandler({ provider: name, services: o.services, logger: o.logger });
    this.link = new SmppLink({ cfg: o.smpp, timeoutMs: o.timeoutMs, logger: o.logger, onDeliver: (pdu, respond) => this.deliver.handle(pdu, respond) });
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link.stop();
    await this.deliver.stop();
  }

  async send(req: SmsSendRequest): Promise<SendOutcome> {
    const phone = mainlandMobile(req.to);
    if (!phone) return { kind: 'park', reason: '不是中国大陆手机号 / not a mainland mobile number' };
    this.ref = (this.ref + 1) & 0xff;
    const parts = ucs2Parts(renderTemplate(req.template, req.params, this.o.signName), this.ref);
    // registered before the first submit: a part's receipt can overtake the next part's submit_sm_resp
    const sent = this.deliver.track(req.id, parts.length);
    const ids = sent.ids;
    for (const part of parts) {
      const sentSoFar = ids.length ? `已发出${ids.length}/${parts.length}段 / ${ids.length} of ${parts.length} parts sent (${ids.join(',')}), then ` : '';
      const r = await this.link.submit({
        source_addr_ton: 0, source_addr_npi: 0, source_addr: this.o.smpp.sourceAddr, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: `86${phone}`,
        registered_delivery: 1, data_coding: UCS2, ...part,
      }, this.o.timeoutMs);
      if (r.kind === 'unbound') return ids.length ? { kind: 'park', reason: `${sentSoFar}${r.reason}` } : { kind: 'retry', reason: r.reason };
      if (r.kind !== 'resp') {
        return { kind: 'unknown', reason: `${sentSoFar}短信网关无应答，结果未知 / no submit_sm_resp (${r.kind === 'timeout' ? `timeout ${this.o.timeoutMs} ms` : 'the link dropped'}): not resent automatically` };
      }
      const status = r.pdu.command_status;
      if (status !== 0) {
        const name = smppStatusName(status);
        if (ids.length) return { kind: 'park', reason: `${sentSoFar}${name}` };
        return RETRY.has(status) ? { kind: 'retry', reason: name } : { kind: 'park', reason: name };
      }
      if (!r.pdu.message_id) return { kind: 'unknown', reason: `${sentSoFar}submit_sm_resp without a message_id` };
      this.deliver.sentPart(sent, r.pdu.message_id);
    }
    return { kind: 'sent', providerId: ids[0]! };
  }
}
