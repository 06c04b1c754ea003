import type { DomainServices } from '@donorline/domain/node';
import type { AgentService } from '../agents/agent-service.js';
import type { CallControl } from '../calls/call-control.js';
import type { CallRegistry } from '../calls/call-registry.js';
import type { Logger } from '../logger.js';
import type { PbxLink } from '../pbx/pbx-link.js';
import type { Realtime } from '../realtime/socket-server.js';
import { CampaignDialer } from './campaign-dialer.js';
import { DonorLegs } from './donor-legs.js';

export { CampaignDialer, CAMPAIGN_CONTEXT, type DialerStats } from './campaign-dialer.js';

/** Wires the campaign dialer into the bridge (app.ts): AMI events for the donor legs, call ends, seat changes. */
export function createDialer(d: {
  pbx: PbxLink; registry: CallRegistry; seats: AgentService; control: CallControl; services: DomainServices; realtime: () => Realtime | null; logger: Logger;
}): CampaignDialer {
  const legs = new DonorLegs();
  d.pbx.ami.on('event', legs.handle);
  const dialer = new CampaignDialer({
    store: d.services.dialer,
    seats: d.seats,
    dial: (user, ext, donorId, opts) => d.control.dial(user, ext, { donorId, purpose: 'recruitment' }, 'campaign', opts),
    legs,
    push: (userId, e) => d.realtime()?.io.to(`user:${userId}`).emit('campaign:call', e),
    notice: (userId, code, message) => d.realtime()?.notice(userId, { level: code === 'CAMPAIGN_DIAL_FAILED' || code === 'CAMPAIGN_AGENT_MISSED' || code === 'CAMPAIGN_TRUNK_DOWN' ? 'warning' : 'info', code, message }),
    logger: d.logger,
  });
  d.registry.onChange(dialer.onCallChange);
  return dialer;
}
