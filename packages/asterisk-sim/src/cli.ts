import { parseArgs } from 'node:util';

/**
 * `npm run sim:cli -- <command> [options]`: drive a running simulator through its control API.
 *
 *   call     --from 13800138000 --name 张三 --to 96606 [--dtmf 1,2] [--hangup-after 30000] [--talk 20000]
 *   dtmf     --call <callId|channel> --digits 12#
 *   hangup   --call <callId|channel>
 *   answer | reject | agent-hangup | hold | unhold  --ext 8001
 *   device   --ext 8001 [--auto-answer 2000|off] [--talk 30000|off] [--registered yes|no]
 *   donors   [--number 1380...] --behaviour answer|busy|no-answer|unavailable [--answer-after ms] [--talk ms]
 *   load     --rate 5 (--calls 100 | --duration 60) [--to 96606] [--ivr 1:3,2:1] [--talk-min 5000 --talk-max 30000]
 *            [--agent-answer 1000] [--agent-talk 20000]
 *   load-stop --id load-1
 *   fault    drop-ami | drop-ari | restart [--down 600] | delay --ms 200 | garble --count 3 [--target ami]
 *   state | calls | devices
 *
 * Connection: --url (default http://127.0.0.1:18088, or SIM_URL), --user/--secret (default donorline).
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    user: { type: 'string' },
    secret: { type: 'string' },
    from: { type: 'string' },
    name: { type: 'string' },
    to: { type: 'string' },
    dtmf: { type: 'string' },
    'hangup-after': { type: 'string' },
    talk: { type: 'string' },
    call: { type: 'string' },
    digits: { type: 'string' },
    ext: { type: 'string' },
    'auto-answer': { type: 'string' },
    registered: { type: 'string' },
    number: { type: 'string' },
    behaviour: { type: 'string' },
    'answer-after': { type: 'string' },
    rate: { type: 'string' },
    calls: { type: 'string' },
    duration: { type: 'string' },
    ivr: { type: 'string' },
    'talk-min': { type: 'string' },
    'talk-max': { type: 'string' },
    'agent-answer': { type: 'string' },
    'agent-talk': { type: 'string' },
    id: { type: 'string' },
    down: { type: 'string' },
    ms: { type: 'string' },
    count: { type: 'string' },
    target: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const base = (values.url ?? process.env.SIM_URL ?? 'http://127.0.0.1:18088').replace(/\/$/, '');
const auth = `Basic ${Buffer.from(`${values.user ?? process.env.SIM_USERNAME ?? 'donorline'}:${values.secret ?? process.env.SIM_SECRET ?? 'donorline'}`).toString('base64')}`;

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/sim/v1${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${res.status}: ${(json as { error?: string })?.error ?? text}`);
  return json;
}

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
  return n;
};
const need = (v: string | undefined, name: string): string => {
  if (!v) throw new Error(`--${name} is required`);
  return v;
};

async function run(): Promise<unknown> {
  const [cmd, sub] = positionals;
  if (!cmd || values.help) {
    return 'usage: sim:cli <call|dtmf|hangup|answer|reject|agent-hangup|hold|unhold|device|donors|load|load-stop|fault|state|calls|devices> [options] (see src/cli.ts)';
  }
  switch (cmd) {
    case 'call':
      return call('POST', '/calls', {
        from: need(values.from, 'from'),
        to: need(values.to, 'to'),
        ...(values.name ? { callerName: values.name } : {}),
        ...(values.dtmf ? { dtmf: values.dtmf } : {}),
        ...(values['hangup-after'] ? { hangupAfterMs: num(values['hangup-after'], 'hangup-after') } : {}),
        ...(values.talk ? { talkMs: num(values.talk, 'talk') } : {}),
      });
    case 'dtmf':
      return call('POST', `/calls/${encodeURIComponent(need(values.call, 'call'))}/dtmf`, { digits: need(values.digits, 'digits') });
    case 'hangup':
      return call('POST', `/calls/${encodeURIComponent(need(values.call, 'call'))}/hangup`);
    case 'answer':
    case 'reject':
    case 'hold':
    case 'unhold':
      return call('POST', `/devices/${need(values.ext, 'ext')}/${cmd}`);
    case 'agent-hangup':
      return call('POST', `/devices/${need(values.ext, 'ext')}/hangup`);
    case 'device': {
      const body: Record<string, unknown> = {};
      const aa = values['auto-answer'];
      if (aa !== undefined) body.autoAnswerMs = aa === 'off' ? null : num(aa, 'auto-answer');
      if (values.talk !== undefined) body.talkMs = values.talk === 'off' ? null : num(values.talk, 'talk');
      if (values.registered !== undefined) body.registered = values.registered === 'yes';
      return Object.keys(body).length ? call('PUT', `/devices/${need(values.ext, 'ext')}`, body) : call('GET', `/devices/${need(values.ext, 'ext')}`);
    }
    case 'donors':
      return call('PUT', values.number ? `/donors/${values.number}` : '/donors', {
        ...(values.behaviour ? { behaviour: values.behaviour } : {}),
        ...(values['answer-after'] ? { answerAfterMs: num(values['answer-after'], 'answer-after') } : {}),
        ...(values.talk ? { talkMs: num(values.talk, 'talk') } : {}),
      });
    case 'load': {
      const ivr = values.ivr?.split(',').map((p) => {
        const [dtmf = '', w = '1'] = p.split(':');
        return { dtmf, weight: Number(w) };
      });
      const talk = values['talk-min'] && values['talk-max'] ? { min: num(values['talk-min'], 'talk-min'), max: num(values['talk-max'], 'talk-max') } : values.talk ? num(values.talk, 'talk') : undefined;
      return call('POST', '/load', {
        ratePerSec: num(need(values.rate, 'rate'), 'rate'),
        ...(values.calls ? { calls: num(values.calls, 'calls') } : {}),
        ...(values.duration ? { durationSec: num(values.duration, 'duration') } : {}),
        ...(values.to ? { to: values.to } : {}),
        ...(ivr ? { ivr } : {}),
        ...(talk !== undefined ? { talkMs: talk } : {}),
        ...(values['agent-answer'] || values['agent-talk']
          ? { agents: { ...(values['agent-answer'] ? { autoAnswerMs: num(values['agent-answer'], 'agent-answer') } : {}), ...(values['agent-talk'] ? { talkMs: num(values['agent-talk'], 'agent-talk') } : {}) } }
          : {}),
      });
    }
    case 'load-stop':
      return call('DELETE', `/load/${need(values.id, 'id')}`);
    case 'fault': {
      const body: Record<string, unknown> = {};
      if (values.down) body.downMs = num(values.down, 'down');
      if (values.ms) body.ms = num(values.ms, 'ms');
      if (values.count) body.count = num(values.count, 'count');
      if (values.target) body.target = values.target;
      return call('POST', `/faults/${need(sub, 'fault kind')}`, body);
    }
    case 'state':
      return call('GET', '/state');
    case 'calls':
      return call('GET', '/calls');
    case 'devices':
      return call('GET', '/devices');
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

run().then(
  (r) => {
    console.log(typeof r === 'string' ? r : JSON.stringify(r, null, 2));
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
