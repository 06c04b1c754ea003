/**
 * ari-client's bundled swagger-client prints a deprecation notice on every connect; the IVR's ARI wrapper keeps
 * exactly that line off the console — over real HTTP against the stub ARI, and for the helper on its own.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { AriConnection } from '../src/ari/ari-connection.js';
import { quietSwaggerNotice, SWAGGER_DEPRECATION_NOTICE } from '../src/ari/swagger-notice.js';
import { silentLogger } from '../src/runtime/logger.js';
import { AriStub } from './support/ari-stub.js';

const ari = createRequire(import.meta.url)('ari-client') as { connect(url: string, user: string, pass: string): Promise<unknown> };

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  log.mockRestore();
});
const noticeLogged = (): boolean => log.mock.calls.some((args) => JSON.stringify(args).includes('deprecated version of Swagger'));

describe('the swagger deprecation notice', () => {
  let stub: AriStub;
  beforeEach(async () => {
    stub = await new AriStub().start();
  });
  afterEach(async () => {
    await stub.stop();
  });

  it('is printed by ari-client on its own (what the wrapper has to hide)', async () => {
    await ari.connect(`http://127.0.0.1:${stub.port}`, stub.user, stub.pass);
    expect(log).toHaveBeenCalledWith([SWAGGER_DEPRECATION_NOTICE]);
  });

  it('never reaches the console through AriConnection.connect', async () => {
    const conn = await AriConnection.connect({ url: stub.url, app: 'donorline-ivr', log: silentLogger });
    conn.close();
    expect(conn.client.channels).toBeDefined(); // the swagger API did load
    expect(noticeLogged()).toBe(false);
    expect(console.log).toBe(log); // put back after the connect
  });
});

describe('quietSwaggerNotice', () => {
  it('drops exactly the notice; everything else logged meanwhile passes, and console.log is put back', async () => {
    const r = await quietSwaggerNotice(async () => {
      console.log([SWAGGER_DEPRECATION_NOTICE]);
      console.log(SWAGGER_DEPRECATION_NOTICE);
      console.log([SWAGGER_DEPRECATION_NOTICE, 'more']);
      console.log('ARI up', 1);
      return 42;
    });
    expect(r).toBe(42);
    expect(log.mock.calls).toEqual([[SWAGGER_DEPRECATION_NOTICE], [[SWAGGER_DEPRECATION_NOTICE, 'more']], ['ARI up', 1]]);
    expect(console.log).toBe(log);
  });

  it('stays on until the last of overlapping connects settles, also when one fails', async () => {
    let finishA!: () => void;
    let failB!: (e: Error) => void;
    const a = quietSwaggerNotice(() => new Promise<void>((res) => (finishA = res)));
    const b = quietSwaggerNotice(() => new Promise<void>((_, rej) => (failB = rej)));
    failB(new Error('refused'));
    await expect(b).rejects.toThrow('refused');
    console.log([SWAGGER_DEPRECATION_NOTICE]); // a is still connecting
    expect(log).not.toHaveBeenCalled();
    finishA();
    await a;
    expect(console.log).toBe(log);
    console.log([SWAGGER_DEPRECATION_NOTICE]); // nothing in flight: not ours to hide
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('a connect that throws at once leaves console.log as it was', () => {
    expect(() =>
      quietSwaggerNotice(() => {
        throw new Error('bad url');
      }),
    ).toThrow('bad url');
    expect(console.log).toBe(log);
  });
});
