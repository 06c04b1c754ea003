/**
 * AriLink against the simulated Asterisk over real HTTP: the channel list for the resync, and ari-client's swagger
 * deprecation notice (printed by the library on every connect) kept off the console.
 */
import ari from 'ari-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { silentLogger, startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { AriLink } from '../../src/ari/ari-link.js';
import { quietSwaggerNotice, SWAGGER_DEPRECATION_NOTICE } from '../../src/ari/swagger-notice.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, speech: false, logger: silentLogger });
});
afterAll(async () => {
  await sim.stop();
});

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  log.mockRestore();
});

describe('AriLink', () => {
  it('ari-client alone prints the swagger deprecation notice on connect (what the link hides)', async () => {
    await ari.connect(sim.ariUrl, 'donorline', 'donorline');
    expect(log).toHaveBeenCalledWith([SWAGGER_DEPRECATION_NOTICE]);
  });

  it('lists the channels through ari-client without the notice reaching the console', async () => {
    const link = new AriLink({ url: sim.ariUrl, username: 'donorline', secret: 'donorline' });
    expect(await link.channels()).toEqual([]);
    link.stop();
    expect(log.mock.calls.some((args) => JSON.stringify(args).includes('deprecated version of Swagger'))).toBe(false);
    expect(console.log).toBe(log);
  });
});

describe('quietSwaggerNotice', () => {
  it('drops exactly the notice while a connect is in flight and puts console.log back after', async () => {
    await expect(
      quietSwaggerNotice(async () => {
        console.log([SWAGGER_DEPRECATION_NOTICE]);
        console.log([SWAGGER_DEPRECATION_NOTICE, 'more']);
        console.log('kept', 1);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(log.mock.calls).toEqual([[[SWAGGER_DEPRECATION_NOTICE, 'more']], ['kept', 1]]);
    expect(console.log).toBe(log);
    console.log([SWAGGER_DEPRECATION_NOTICE]); // nothing in flight: not ours to hide
    expect(log).toHaveBeenCalledTimes(3);
  });
});
