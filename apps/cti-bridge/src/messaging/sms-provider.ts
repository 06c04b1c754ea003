/**
 * The provider port: one approved-template message out, the provider's answer classified for the outbox
 * (sent with its id / retry / park / unknown — see SmsOutboxStore). Adapters: aliyun.adapter.ts (Alibaba Cloud SMS),
 * tencent.adapter.ts (Tencent Cloud SMS; its delivery status and replies pulled by tencent-pull.ts)
 * and smpp.adapter.ts (a carrier's SMPP gateway: text rendered here, receipts and replies as deliver_sm); the simulated
 * gateway speaks all three (SMS_SIM_PROTOCOL).
 */
import type { SmsProviderLimits, SmsTemplateKey } from '@donorline/domain';
import type { SendOutcome } from '@donorline/domain/node';

export interface SmsSendRequest {
  /** Our outbox id: sent as the provider's OutId so a delivery report can settle a message whose answer was lost. */
  id: number;
  /** E.164. */
  to: string;
  template: SmsTemplateKey;
  params: Readonly<Record<string, string>>;
}

export interface SmsProviderPort {
  readonly name: string;
  readonly limits: SmsProviderLimits;
  send(req: SmsSendRequest): Promise<SendOutcome>;
}
