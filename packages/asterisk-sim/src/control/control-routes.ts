import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http/http-util.js';
import { CallError, type DtmfStep, type PlaceCallOptions } from '../model/calls.js';
import type { DonorBehaviour } from '../model/devices.js';
import { SimError, type Simulator } from '../simulator.js';
import { validateScenario, type LoadScenario } from './load-runner.js';

class BadRequest extends Error {}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function optNumber(o: Json, k: string, min = 0): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new BadRequest(`"${k}" must be a number >= ${min}`);
  return v;
}

function optString(o: Json, k: string): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new BadRequest(`"${k}" must be a string`);
  return String(v);
}

function dtmfSteps(v: unknown): string | DtmfStep[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    if (!/^[0-9*#A-D,]*$/i.test(v)) throw new BadRequest('"dtmf" may contain only 0-9 * # A-D and commas');
    return v;
  }
  if (!Array.isArray(v)) throw new BadRequest('"dtmf" must be a string like "1,2" or a list of steps');
  return v.map((s, i) => {
    if (typeof s === 'string') return { digits: s };
    if (!isObj(s) || typeof s.digits !== 'string' || !/^[0-9*#A-D]+$/i.test(s.digits)) throw new BadRequest(`dtmf[${i}].digits must be DTMF digits`);
    const step: DtmfStep = { digits: s.digits };
    if (s.when !== undefined) {
      if (s.when !== 'idle' && s.when !== 'prompt' && s.when !== 'immediate') throw new BadRequest(`dtmf[${i}].when must be idle, prompt or immediate`);
      step.when = s.when;
    }
    const prompt = optNumber(s, 'prompt', 1);
    if (prompt !== undefined) step.prompt = prompt;
    const after = optNumber(s, 'afterMs');
    if (after !== undefined) step.afterMs = after;
    const gap = optNumber(s, 'gapMs');
    if (gap !== undefined) step.gapMs = gap;
    return step;
  });
}

/**
 * `/sim/v1`: the HTTP face of the simulator's control operations (same credentials as ARI). JSON in and
 * out; bad input gets 400 with `{ "error": "..." }`.
 */
export class ControlRoutes {
  constructor(private readonly sim: Simulator) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const now = this.sim.engine.now();
    const reply = (status: number, body: unknown): void => sendJson(res, now, status, status < 300 ? 'OK' : 'Error', body);
    try {
      let body: Json = {};
      if (req.method === 'POST' || req.method === 'PUT') {
        const text = await readBody(req);
        if (text.trim()) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new BadRequest('body is not valid JSON');
          }
          if (!isObj(parsed)) throw new BadRequest('body must be a JSON object');
          body = parsed;
        }
      }
      const r = this.route(req.method ?? 'GET', url.pathname.replace(/\/+$/, ''), body);
      if (r === undefined) reply(404, { error: `no such control endpoint: ${req.method} ${url.pathname}` });
      else reply(r[0], r[1]);
    } catch (err) {
      if (err instanceof BadRequest) reply(400, { error: err.message });
      else if (err instanceof CallError || err instanceof SimError) reply(err.status, { error: err.message });
      else throw err;
    }
  }

  private route(method: string, path: string, body: Json): [number, unknown] | undefined {
    const sim = this.sim;
    const seg = path.split('/').filter(Boolean).slice(2); // after /sim/v1
    const [a, b, c] = seg;
    if (method === 'GET' && a === 'state' && seg.length === 1) return [200, sim.state()];

    if (a === 'calls') {
      if (seg.length === 1 && method === 'GET') return [200, sim.listCalls()];
      if (seg.length === 1 && method === 'POST') return [201, sim.placeCall(this.callOptions(body))];
      if (seg.length === 2 && method === 'GET') {
        const call = sim.getCall(b!);
        return call ? [200, call] : [404, { error: `no active call ${b}` }];
      }
      if (seg.length === 3 && method === 'POST' && c === 'dtmf') {
        const digits = optString(body, 'digits');
        if (!digits) throw new BadRequest('"digits" is required');
        sim.sendDtmf(b!, digits, optNumber(body, 'gapMs'));
        return [202, { ok: true }];
      }
      if (seg.length === 3 && method === 'POST' && c === 'hangup') {
        sim.hangupCaller(b!);
        return [202, { ok: true }];
      }
      return undefined;
    }

    if (a === 'carrier' && seg.length === 1) {
      if (method === 'GET') return [200, sim.carrierState()];
      if (method === 'PUT') {
        if (typeof body.reachable !== 'boolean') throw new BadRequest('"reachable" must be true or false');
        sim.setCarrierReachable(body.reachable);
        return [200, sim.carrierState()];
      }
      return undefined;
    }

    if (a === 'devices') {
      if (seg.length === 1 && method === 'GET') return [200, sim.listDevices()];
      if (seg.length === 2 && method === 'GET') return [200, sim.deviceState(b!)];
      if (seg.length === 2 && method === 'PUT') {
        const d = sim.device(b!);
        if ('autoAnswerMs' in body) {
          const v = body.autoAnswerMs;
          if (v !== null && (typeof v !== 'number' || v < 0)) throw new BadRequest('"autoAnswerMs" must be a number >= 0 or null');
          d.setAutoAnswer(v as number | null);
        }
        if ('talkMs' in body) {
          const v = body.talkMs;
          if (v !== null && (typeof v !== 'number' || v < 0)) throw new BadRequest('"talkMs" must be a number >= 0 or null');
          d.setTalkTime(v as number | null);
        }
        if ('registered' in body) {
          if (typeof body.registered !== 'boolean') throw new BadRequest('"registered" must be true or false');
          d.setRegistered(body.registered);
        }
        if ('remoteControl' in body) {
          if (typeof body.remoteControl !== 'boolean') throw new BadRequest('"remoteControl" must be true or false');
          d.setRemoteControl(body.remoteControl);
        }
        if ('dnd' in body) {
          if (typeof body.dnd !== 'boolean') throw new BadRequest('"dnd" must be true or false');
          d.setDnd(body.dnd);
        }
        return [200, d.state()];
      }
      if (seg.length === 3 && method === 'POST') {
        const d = sim.device(b!);
        const ops: Record<string, () => string> = { answer: d.answer, reject: d.reject, hangup: d.hangup, hold: d.hold, unhold: d.unhold };
        const op = ops[c!];
        if (!op) return undefined;
        return [200, { channel: op() }];
      }
      return undefined;
    }

    if (a === 'donors') {
      if (seg.length === 1 && method === 'GET') return [200, sim.setDonorBehaviour({})];
      if ((seg.length === 1 || seg.length === 2) && method === 'PUT') {
        const patch: Partial<DonorBehaviour> = {};
        if (body.behaviour !== undefined) {
          if (!['answer', 'busy', 'no-answer', 'reject', 'wrong-number', 'unavailable'].includes(String(body.behaviour))) throw new BadRequest('"behaviour" must be answer, busy, no-answer, reject, wrong-number or unavailable');
          patch.behaviour = body.behaviour as DonorBehaviour['behaviour'];
        }
        const ans = optNumber(body, 'answerAfterMs');
        if (ans !== undefined) patch.answerAfterMs = ans;
        const talk = optNumber(body, 'talkMs');
        if (talk !== undefined) patch.talkMs = talk;
        if (b !== undefined && !/^\+?\d+$/.test(b)) throw new BadRequest('donor number must be digits');
        return [200, sim.setDonorBehaviour(patch, b)];
      }
      return undefined;
    }

    if (a === 'load') {
      if (seg.length === 1 && method === 'POST') {
        const err = validateScenario(body);
        if (err) throw new BadRequest(err);
        return [201, sim.runLoad(body as unknown as LoadScenario)];
      }
      if (seg.length === 2 && method === 'GET') {
        const s = sim.loadStats(b!);
        return s ? [200, s] : [404, { error: `no load ${b}` }];
      }
      if (seg.length === 2 && method === 'DELETE') {
        const s = sim.stopLoad(b!);
        return s ? [200, s] : [404, { error: `no load ${b}` }];
      }
      return undefined;
    }

    if (a === 'faults' && method === 'POST' && seg.length === 2) {
      switch (b) {
        case 'drop-ami':
          return [200, { dropped: sim.dropAmi() }];
        case 'drop-ari':
          return [200, { dropped: sim.dropAri() }];
        case 'restart': {
          const downMs = optNumber(body, 'downMs') ?? 600;
          if (downMs > 60_000) throw new BadRequest('"downMs" must be at most 60000');
          const requalifyMs = optNumber(body, 'requalifyMs');
          setTimeout(() => void sim.restart({ downMs, ...(requalifyMs === undefined ? {} : { requalifyMs }) }), 20);
          return [202, { restarting: true, downMs }];
        }
        case 'delay': {
          const ms = optNumber(body, 'ms');
          if (ms === undefined || ms > 60_000) throw new BadRequest('"ms" (0..60000) is required');
          sim.delayFrames(ms);
          return [200, { delayMs: ms }];
        }
        case 'garble': {
          const count = optNumber(body, 'count', 1);
          if (count === undefined || !Number.isInteger(count)) throw new BadRequest('"count" (a positive integer) is required');
          const target = (optString(body, 'target') ?? 'both') as 'ami' | 'ari' | 'both';
          if (!['ami', 'ari', 'both'].includes(target)) throw new BadRequest('"target" must be ami, ari or both');
          sim.garbleNextFrames(count, target);
          return [200, { garble: count, target }];
        }
        default:
          return undefined;
      }
    }
    return undefined;
  }

  private callOptions(body: Json): PlaceCallOptions {
    const from = optString(body, 'from');
    const to = optString(body, 'to');
    if (!from) throw new BadRequest('"from" (the caller\'s number) is required');
    if (!to) throw new BadRequest('"to" (the dialled number) is required');
    const o: PlaceCallOptions = { from, to };
    const name = optString(body, 'callerName');
    if (name !== undefined) o.callerName = name;
    const dtmf = dtmfSteps(body.dtmf);
    if (dtmf !== undefined) o.dtmf = dtmf;
    for (const k of ['hangupAfterMs', 'talkMs', 'speakMs'] as const) {
      const v = optNumber(body, k);
      if (v !== undefined) o[k] = v;
    }
    const lang = optString(body, 'language');
    if (lang !== undefined) o.language = lang;
    if (body.variables !== undefined) {
      if (!isObj(body.variables) || Object.values(body.variables).some((v) => typeof v !== 'string')) throw new BadRequest('"variables" must be an object of strings');
      o.variables = body.variables as Record<string, string>;
    }
    return o;
  }
}
