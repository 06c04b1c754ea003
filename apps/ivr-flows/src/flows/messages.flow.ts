/**
 * Messages (录音回放): leave a voice message — it becomes a ticket with the recording, shown in the desk, of the kind
 * the caller came for (a complaint left after hours is a complaint ticket, else a 'message') — or hear the staff's
 * recorded replies waiting for you (marked heard as they play).
 * A caller who hangs up after speaking still leaves the message: Asterisk keeps what was said.
 */
import { voiceMessageKind } from '@donorline/domain';
import { isCallerHungUp, type FlowContext } from '../runtime/flow-context.js';
import { callRef, type FlowDeps, type Next } from './flow-deps.js';
import { afterIdentityFailed, ensureIdentity } from './identity.flow.js';

const MAX_SECONDS = 60;
const MIN_SECONDS = 1;

async function save(ctx: FlowContext, deps: FlowDeps, name: string, durationSeconds: number, callId: string): Promise<void> {
  const kind = voiceMessageKind(ctx.findings.topic);
  await deps.backend.leaveMessage({ donorId: ctx.findings.donorId, callerNumber: ctx.caller.number, recordingName: name, durationSeconds, callId, kind });
  ctx.step('message:saved');
}

export async function leaveMessageFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('message');
  ctx.findings.topic ??= 'message';
  const callId = await callRef(ctx);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await ctx.say('record-instructions');
    const rec = await ctx.record({ maxSeconds: MAX_SECONDS, maxSilenceSeconds: 5, beep: true });
    if (rec.endedBy === 'hangup') {
      if (rec.durationSeconds >= MIN_SECONDS) await save(ctx, deps, rec.name, rec.durationSeconds, callId);
      return 'end';
    }
    if (rec.durationSeconds < MIN_SECONDS) {
      await ctx.say('record-too-short');
      continue;
    }
    let choice: string | null;
    try {
      for (;;) {
        choice = await ctx.menu(['record-review'], ['1', '2', '3']);
        if (choice !== '2') break;
        await ctx.sayInterruptible({ recording: rec.name });
      }
    } catch (e) {
      if (isCallerHungUp(e)) await save(ctx, deps, rec.name, rec.durationSeconds, callId); // hung up before choosing: keep it
      throw e;
    }
    if (choice === '3') continue;
    await save(ctx, deps, rec.name, rec.durationSeconds, callId); // '1', or no answer: a message left is a message kept
    await ctx.say('message-saved');
    return 'end';
  }
  await ctx.say('too-many-tries');
  return 'menu';
}

export async function repliesFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('replies');
  if (!(await ensureIdentity(ctx, deps))) return afterIdentityFailed(ctx, deps);
  const replies = await deps.backend.pendingReplies(ctx.findings.donorId!);
  if (replies.length === 0) {
    await ctx.say('no-replies');
  } else {
    await ctx.say('replies-count-pre', { number: replies.length }, 'replies-count-post');
    for (const [i, r] of replies.entries()) {
      if (i > 0) await ctx.say('reply-next');
      await ctx.say(r.play);
      await deps.backend.markReplyHeard(r.id);
    }
    ctx.step(`replies:heard:${replies.length}`);
    await ctx.say('replies-end');
  }
  const k = await ctx.menu(['anything-else'], ['*'], { retries: 0 });
  return k === '*' ? 'menu' : 'end';
}

export async function messagesFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('messages');
  const k = await ctx.menu(['messages-menu'], ['1', '2', '*']);
  if (k === '1') return leaveMessageFlow(ctx, deps);
  if (k === '2') return repliesFlow(ctx, deps);
  return k === '*' ? 'menu' : 'end';
}
