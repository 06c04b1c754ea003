import type { Simulator } from '../../src/index.js';
import { RawAmi } from './ami-client.js';
import { get, type AmiMsg } from './ami-transcript.js';

/** A logged-in raw AMI session with helpers to find events. */
export async function amiSession(sim: Simulator, events = 'on'): Promise<RawAmi & { events(name?: string): AmiMsg[] }> {
  const c = await RawAmi.open(sim.amiPort);
  c.action({ Action: 'Login', ActionID: 'login', Username: sim.username, Secret: sim.secret, Events: events });
  await c.waitFor((m) => m.kind === 'response' && get(m, 'ActionID') === 'login', 3000, 'login');
  return Object.assign(c, {
    events(name?: string): AmiMsg[] {
      return c.messages().filter((m) => m.kind === 'event' && (!name || m.name === name));
    },
  });
}

export async function actionResponse(c: RawAmi, id: string, fields: Record<string, string | string[]>): Promise<AmiMsg> {
  c.action({ ActionID: id, ...fields });
  return c.waitFor((m) => m.kind === 'response' && get(m, 'ActionID') === id, 3000, `response ${id}`);
}
