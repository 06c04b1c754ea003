import { defineProject } from 'vitest/config';

// Cross-app tiers: integration (simulator + MariaDB + Redis over real sockets) and e2e (Debian Chromium).
// test/pbx runs only when a real Asterisk is configured (PBX_AMI_URL / PBX_ARI_URL).
export default defineProject({
  test: {
    name: 'system',
    environment: 'node',
    include: ['config/**/*.test.ts', 'integration/**/*.test.ts', 'e2e/**/*.test.ts', 'pbx/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
