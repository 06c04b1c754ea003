/** Points, referrals and rewards on the bridge (issue 13). */
import { LoyaltyService, type DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';

export { loyaltyRoutes } from './loyalty.routes.js';

export function createLoyaltyService(services: DomainServices, config: Pick<BridgeConfig, 'phone'>): LoyaltyService {
  return new LoyaltyService(services.ds, { phone: { defaultAreaCode: config.phone.defaultAreaCode } });
}
