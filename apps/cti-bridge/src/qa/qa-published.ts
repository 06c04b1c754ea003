/**
 * 质检结果通知: when an evaluation of an agent's call is published (submitted, or their dispute resolved) the agent's
 * own desk gets `qa:published` in its room `user:<id>` — nobody else's (the Redis adapter carries it to the bridge
 * the agent is connected to). Ids, the score and the status only: the desk reads the evaluation over REST.
 */
import type { QaService } from '@donorline/domain/node';
import type { DeskServer } from '../realtime/socket-server.js';

export function pushQaPublished(qa: Pick<QaService, 'evaluations'>, io: () => DeskServer | null): () => void {
  return qa.evaluations.onPublished((agentId, e) => {
    io()?.to(`user:${agentId}`).emit('qa:published', e);
  });
}
