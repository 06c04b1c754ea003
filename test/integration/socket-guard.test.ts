/**
 * Issue 10: socket commands had no rate limit (10,000 commands became 20,000 AMI actions) and their payloads were not
 * schema-checked. Over real Socket.IO against the bridge linked to the simulated Asterisk: commands beyond a
 * socket's / user's budget are refused with RATE_LIMITED before anything reaches AMI, a socket that keeps flooding
 * is dropped, and payloads with unknown fields, wrong types or oversized strings are refused with VALIDATION_FAILED.
 */
import { afterAll, beforeEach, expect, it, onTestFailed } from 'vitest';
import type { Ack } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { type Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

type AnyAck = Ack<unknown>;

describeEachDb('socket commands: rate limits and payload schemas (simulator + bridge + real sockets)', (ctx) => {
  let h: Harness;
  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });
  afterAll(async () => h?.close());

  const raw = (d: Desk, event: string, payload: unknown): Promise<AnyAck> =>
    (d.socket.timeout(8000) as unknown as { emitWithAck(ev: string, p: unknown): Promise<AnyAck> }).emitWithAck(event, payload);
  /** Sends until the answer is not RATE_LIMITED, waiting as long as the server says (details.retryAfterMs) — as a desk should. */
  const answered = async (d: Desk, event: string, payload: unknown): Promise<AnyAck> => {
    for (let i = 0; i < 20; i++) {
      const a = await raw(d, event, payload);
      if (a.ok || a.error.code !== 'RATE_LIMITED') return a;
      await sleep(Number(a.error.details?.retryAfterMs ?? 500) + 20);
    }
    throw new Error(`${event}: still rate-limited`);
  };

  it('starts the platform with small command budgets (5 per socket burst, 2/s)', async () => {
    h = await Harness.start(ctx.db, { env: { SOCKET_COMMANDS_PER_SECOND: '2', SOCKET_COMMAND_BURST: '5' } });
    expect(h.config.guard.socket).toEqual({ perSocket: { rate: 2, burst: 5 }, perUser: { rate: 4, burst: 10 } });
  }, 60_000);

  it('a burst of 100 commands: the budget passes, the rest is RATE_LIMITED with a wait — and never reaches AMI', async () => {
    const d = await h.seatedDesk('agent1', '8001'); // agent:login spends 1
    const sentBefore = h.bridge.pbx.ami.actionsSent;
    const acks = await Promise.all(Array.from({ length: 100 }, (_, i) => raw(d, i % 2 ? 'agent:ready' : 'agent:pause', i % 2 ? {} : { reason: 'break' })));
    const ok = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a): a is Extract<AnyAck, { ok: false }> => !a.ok && a.error.code === 'RATE_LIMITED');
    expect(ok).toBeGreaterThanOrEqual(4);
    expect(ok).toBeLessThanOrEqual(6); // burst 5 (minus the login) plus what refilled meanwhile
    expect(ok + limited.length).toBe(100);
    expect(limited[0]!.error.message).toMatch(/操作过于频繁，请\d+秒后再试 \/ too many commands: try again in \d+ s/);
    expect(limited[0]!.error.details).toMatchObject({ command: expect.any(String), retryAfterMs: expect.any(Number) });
    // at most a couple of AMI actions per accepted command (QueuePause per queue) — none for the refused ones
    const sent = h.bridge.pbx.ami.actionsSent - sentBefore;
    expect(sent).toBeLessThanOrEqual(ok * 2 + 2);
    expect(d.socket.connected).toBe(true);
    // the budget comes back after the wait the refusal named
    const again = await answered(d, 'agent:ready', {});
    expect(again.ok).toBe(true);
  });

  it('the user\'s budget is shared by all their sockets; another user is unaffected', async () => {
    const token = await h.token('agent1');
    const more = await Promise.all([1, 2, 3].map(() => h.desk('agent1', { token })));
    const acks = (await Promise.all(more.flatMap((d) => Array.from({ length: 6 }, () => raw(d, 'agent:ready', {}))))).map((a) => (a.ok ? 'ok' : a.error.code));
    // 3 sockets × 6 = 18 commands, but the user's burst is 10: the rest is refused although each socket has budget left
    expect(acks.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(8);
    const other = await h.desk('supervisor');
    const r = await raw(other, 'agent:ready', {});
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_LOGGED_IN'); // refused for its own reason, not RATE_LIMITED
    for (const d of [...more, other]) d.close();
  });

  it('a socket that keeps flooding after being refused is disconnected', async () => {
    const d = await h.desk('agent2');
    const results = await Promise.allSettled(Array.from({ length: 260 }, () => raw(d, 'agent:ready', {})));
    expect(results.length).toBe(260);
    await until(() => !d.socket.connected, 5000, 'the flooding socket is dropped');
  });

  it('payloads are checked against the command\'s schema: unknown fields, wrong types, oversized strings, unknown commands', async () => {
    const d = await h.desk('supervisor');
    const sentBefore = h.bridge.pbx.ami.actionsSent;
    const cases: Array<[string, unknown, RegExp]> = [
      ['agent:login', { extension: '8009', admin: true }, /\/admin unknown field/],
      // pause reasons are data (administration → lists): the schema checks the code's shape; whether it is an enabled one, the seat service
      ['agent:pause', { reason: 'Nap Time!' }, /\/reason/],
    ];
    for (const [event, payload, why] of cases) {
      const r = await answered(d, event, payload);
      expect(r.ok, event).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, event).toBe('VALIDATION_FAILED');
      expect(r.error.message, event).toMatch(/^命令参数不正确 \/ invalid /);
      expect(r.error.message, event).toMatch(why);
    }
    // refused by the schema, they still spend the socket's tokens: each case waits for budget
    const more: Array<[string, unknown, RegExp]> = [
      ['call:hangup', { callId: 'x'.repeat(10_000) }, /\/callId must not have more than 64 characters/],
      ['call:transfer', { callId: '1.2', mode: 'blind', target: { kind: 'extension', value: '8001; Action: Hangup' } }, /\/target/],
      ['call:dial', { number: 42 }, /invalid call:dial payload/],
      ['call:dial', { number: '1'.repeat(33) }, /invalid call:dial payload/],
      ['training:call', { via: 'queue', callerName: 'x'.repeat(51) }, /\/callerName must not have more than 50 characters/],
      ['admin:shutdown', {}, /^未知的命令 \/ unknown command admin:shutdown/],
    ];
    for (const [event, payload, why] of more) {
      const r = await answered(d, event, payload);
      expect(r.ok, event).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, event).toBe('VALIDATION_FAILED');
      expect(r.error.message, event).toMatch(why);
    }
    expect(h.bridge.pbx.ami.actionsSent - sentBefore).toBe(0); // nothing reached Asterisk
    // a valid command still works on the same socket
    const ok = await answered(d, 'agent:login', { extension: '8009' });
    expect(ok.ok ? 'ok' : ok.error.code).toBe('ok');
  });
});
