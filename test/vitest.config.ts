import { defineProject } from 'vitest/config';

// Cross-app tiers: integration (simulator + MariaDB + Redis over real sockets) and e2e (Debian Chromium).
// test/pbx runs only when a real Asterisk is configured (PBX_AMI_URL / PBX_ARI_URL).
// Two files at a time: each file owns its ports (0 / free ports), its throwaway database and data directory, its
// simulators; the desk is built once under a lock (e2e/support/platform.ts). It runs as its own group after the
// unit projects (vitest wants a group per worker count), so two workers keep both cores busy here too.
export default defineProject({
  test: {
    name: 'system',
    environment: 'node',
    include: ['config/**/*.test.ts', 'integration/**/*.test.ts', 'e2e/**/*.test.ts', 'pbx/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    sequence: { groupOrder: 1 },
  },
});
