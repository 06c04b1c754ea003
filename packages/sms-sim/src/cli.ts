/**
 * npm run sms:cli -- <command>   (talks to the simulator's control endpoints; SMS_SIM_URL, default http://127.0.0.1:8790)
 *   list [--phone 13800138000] [--limit 20]     the messages the platform sent, newest first
 *   reply --from 13800138000 --text 不满意        reply as the donor (pushed to the platform as an uplink SMS)
 *   stats                                      counters (accepted, rejected, faulted, reports pushed)
 *   faults [--5xx 0.05] [--error 0] [--timeout 0] [--undelivered 0]
 */
import { parseArgs } from 'node:util';

const base = (process.env.SMS_SIM_URL ?? 'http://127.0.0.1:8790').replace(/\/$/, '');
const [cmd, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest, options: {
    phone: { type: 'string' }, limit: { type: 'string' }, from: { type: 'string' }, text: { type: 'string' },
    '5xx': { type: 'string' }, error: { type: 'string' }, timeout: { type: 'string' }, undelivered: { type: 'string' },
  },
});

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const j = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(j)}`);
  return j;
}

try {
  if (cmd === 'list') {
    const q = new URLSearchParams({ limit: values.limit ?? '20', ...(values.phone ? { phone: values.phone } : {}) });
    const { messages } = (await call('GET', `/control/messages?${q}`)) as { messages: { acceptedAt: string; phone: string; templateCode: string; text: string | null; params: unknown; state: string }[] };
    for (const m of messages) console.log(`${m.acceptedAt}  ${m.phone}  ${m.templateCode}  ${m.state.padEnd(11)}  ${m.text ?? JSON.stringify(m.params)}`);
    if (!messages.length) console.log('(no messages)');
  } else if (cmd === 'reply') {
    if (!values.from || !values.text) throw new Error('reply needs --from <mobile> --text <content>');
    console.log(JSON.stringify(await call('POST', '/control/reply', { phone: values.from, content: values.text })));
  } else if (cmd === 'stats') {
    console.log(JSON.stringify(await call('GET', '/control/stats'), null, 2));
  } else if (cmd === 'faults') {
    const f: Record<string, number> = {};
    if (values['5xx']) f.http5xxRate = Number(values['5xx']);
    if (values.error) f.errorRate = Number(values.error);
    if (values.timeout) f.timeoutRate = Number(values.timeout);
    if (values.undelivered) f.undeliveredRate = Number(values.undelivered);
    console.log(JSON.stringify(await call('PUT', '/control/faults', f)));
  } else {
    console.log('usage: npm run sms:cli -- list [--phone N] | reply --from N --text T | stats | faults [--5xx r] [--error r] [--timeout r] [--undelivered r]');
    process.exitCode = cmd ? 2 : 0;
  }
} catch (e) {
  console.error(`sms:cli: ${(e as Error).message} (is the simulator running at ${base}?)`);
  process.exitCode = 1;
}
