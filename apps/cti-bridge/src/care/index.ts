/**
 * Care (关怀管理) on the bridge: the domain's CareService wired to this bridge's SMS settings (signature, quiet
 * hours), the CRM's saved segments and the work queue's announcements; its routes; the daily run.
 */
import { CareService, type DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';

export { careRoutes } from './care.routes.js';
export { startCareJob, type CareJob } from './care.job.js';

export function createCareService(services: DomainServices, config: Pick<BridgeConfig, 'sms'>, clock: () => Date = () => new Date()): CareService {
  return new CareService(services.ds, {
    clock,
    quiet: () => config.sms.quietHours,
    signName: () => config.sms.signName,
    segmentDonorIds: async (segmentId, asOf) => services.segments.donorIds((await services.segments.get(segmentId)).rule, 2_000_000, asOf),
    onTasks: (ids) => void services.work.announceCreated(ids).catch(() => undefined),
  });
}
