/** Shared helpers of the real-Asterisk tests (test/pbx): AMI options from a URL, waiting for an event. */
import type { AmiClient } from '../../apps/cti-bridge/src/ami/ami-client.js';
import type { AmiMessage } from '../../apps/cti-bridge/src/ami/ami-message.js';

export const AMI_URL = process.env.PBX_AMI_URL?.trim();
export const ARI_URL = process.env.PBX_ARI_URL?.trim();
export const CONFIGURED = !!AMI_URL && !!ARI_URL;

export function amiOptions(url: string, secret?: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5038), username: decodeURIComponent(u.username), secret: secret ?? decodeURIComponent(u.password) };
}

export function waitFor<T>(what: string, ms: number, subscribe: (done: (v: T) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let off: () => void = () => undefined;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    off = subscribe((v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

export function nextEvent(ami: AmiClient, what: string, ms: number, match: (e: AmiMessage) => boolean): Promise<AmiMessage> {
  return waitFor<AmiMessage>(what, ms, (done) => {
    const on = (e: AmiMessage): void => {
      if (match(e)) done(e);
    };
    ami.on('event', on);
    return () => ami.off('event', on);
  });
}

export async function amiUp(ami: AmiClient): Promise<void> {
  if (ami.state === 'up') return;
  await waitFor<void>('AMI login', 10_000, (done) => {
    const on = (s: string): void => {
      if (s === 'up') done();
    };
    ami.on('state', on);
    return () => ami.off('state', on);
  });
}
