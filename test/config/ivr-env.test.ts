import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/cti-bridge/src/config.js';
import { ASTERISK_ARI_RECORDINGS_DIR, ivrEnv } from '../../scripts/ivr-env.js';

// npm start builds the IVR's environment from the bridge's configuration (scripts/platform.ts)
const REAL = {
  AMI_URL: 'tcp://donorline:ami@127.0.0.1:5038',
  ARI_URL: 'http://donorline-bridge:bridge-secret@127.0.0.1:8088',
  DB_URL: 'mysql://u:p@127.0.0.1:3306/x',
  PII_KEY: 'a'.repeat(64),
  JWT_SECRET: 'j'.repeat(40),
};

describe('npm start: the IVR\'s ARI user and voice-message folder', () => {
  it('with a real Asterisk the IVR runs as its own user (IVR_ARI_URL), never the bridge\'s read-only one', () => {
    const cfg = loadConfig(REAL, '/tmp');
    const env = ivrEnv(cfg, { ...REAL, IVR_ARI_URL: 'http://donorline-ivr:ivr-secret@127.0.0.1:8088/' });
    expect(env.ARI_URL).toBe('http://donorline-ivr:ivr-secret@127.0.0.1:8088');
    expect(() => ivrEnv(cfg, REAL)).toThrow(/IVR_ARI_URL=http:\/\/donorline-ivr/);
    expect(() => ivrEnv(cfg, { ...REAL, IVR_ARI_URL: REAL.ARI_URL })).toThrow(/bridge's ARI user 'donorline-bridge'/);
    expect(() => ivrEnv(cfg, { ...REAL, IVR_ARI_URL: 'http://127.0.0.1:8088' })).toThrow(/user:secret/);
  });

  it('with a real Asterisk voice messages are where Asterisk stores ARI recordings, not the simulator\'s folder', () => {
    const cfg = loadConfig(REAL, '/tmp');
    const ivr = 'http://donorline-ivr:s@127.0.0.1:8088';
    expect(ivrEnv(cfg, { ...REAL, IVR_ARI_URL: ivr }).IVR_ARI_RECORDINGS_DIR).toBe(ASTERISK_ARI_RECORDINGS_DIR);
    expect(ivrEnv(cfg, { ...REAL, IVR_ARI_URL: ivr, IVR_ARI_RECORDINGS_DIR: '/opt/ast22/var/spool/asterisk/recording' }).IVR_ARI_RECORDINGS_DIR).toBe('/opt/ast22/var/spool/asterisk/recording');
  });

  it('with the simulator the IVR uses the simulator\'s user and folder', () => {
    const cfg = loadConfig({ DATA_DIR: '/tmp/dl-ivr-env' }, '/tmp');
    const env = ivrEnv(cfg, {});
    expect(env.ARI_URL).toBe('http://donorline:donorline@127.0.0.1:18088');
    expect(env.IVR_ARI_RECORDINGS_DIR).toBe('/tmp/dl-ivr-env/recordings/ari');
  });
});
