/**
 * "Is this the user's call?" — agents act on (dispose, link, create a donor from) and see only their own calls;
 * supervisors, quality managers and admins see all. Live state answers first (the durable record is written behind
 * the events), then the call record's agent.
 */
import { DomainError, type CallDto } from '@donorline/domain';
import type { AuthUser } from '../auth/auth.types.js';
import { isOversight } from '../auth/roles.js';
import type { HttpDeps } from './http-deps.js';

export async function assertCallAccess(deps: HttpDeps, user: AuthUser, callId: string): Promise<void> {
  if (isOversight(user)) return;
  if (deps.live.isAgentOfCall(user.userId, callId)) return;
  const call = await deps.services.calls.getByLinkedid(callId); // NOT_FOUND when there is no such call
  assertOwnCall(user, call, deps);
}

export function assertOwnCall(user: AuthUser, call: CallDto, deps: HttpDeps): void {
  if (isOversight(user)) return;
  // the call's last agent, any agent who handled a part of it (a segment: e.g. before a transfer), or on it now
  if (call.agent?.id === user.userId || call.segments.some((s) => s.agent?.id === user.userId) || deps.live.isAgentOfCall(user.userId, call.callId)) return;
  throw new DomainError('FORBIDDEN', '只能查看和处理自己接听的通话 / agents can only see and handle their own calls');
}
