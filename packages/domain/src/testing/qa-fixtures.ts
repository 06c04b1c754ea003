import type { DomainServices } from '../db/services/index.js';

export interface HandledCallOptions {
  linkedid: string;
  agentId: number;
  ext: string;
  at: Date;
  talkSeconds?: number;
  queue?: string;
  disposition?: string;
  donorId?: number | null;
  caller?: string;
  ivrPath?: string;
  /** Attach a recording of the agent's leg at this path. */
  recordingPath?: string;
}

/**
 * One answered, ended call handled by one agent, written through the services the bridge uses (call record, the
 * agent's segment, their wrap-up, the recording of their leg). Returns the segment id.
 */
export async function buildHandledCall(svc: Pick<DomainServices, 'calls'>, o: HandledCallOptions): Promise<number> {
  const talk = o.talkSeconds ?? 120;
  const answeredAt = new Date(o.at.getTime() + 10_000);
  const endedAt = new Date(answeredAt.getTime() + talk * 1000);
  await svc.calls.upsert(o.linkedid, {
    direction: 'inbound', caller: o.caller ?? '13800138000', queue: o.queue ?? 'hotline', agentId: o.agentId, donorId: o.donorId ?? null,
    startedAt: o.at, answeredAt, endedAt, talkSeconds: talk, outcome: 'answered', hangupBy: 'caller', ivrPath: o.ivrPath ?? 'welcome>menu:0>agent',
  });
  const seg = await svc.calls.upsertSegment(o.linkedid, { ext: o.ext, agentId: o.agentId, queue: o.queue ?? 'hotline', startedAt: o.at, answeredAt, endedAt, talkSeconds: talk, endReason: 'caller-hangup' });
  if (o.disposition) await svc.calls.setDisposition(o.linkedid, { disposition: o.disposition }, o.agentId);
  if (o.recordingPath) await svc.calls.attachRecording(o.linkedid, { filePath: o.recordingPath, durationSeconds: talk, agentId: o.agentId, agentExtension: o.ext, startedAt: answeredAt });
  return seg;
}
