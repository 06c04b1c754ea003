import { defineProject } from 'vitest/config';

// DB suites open a throwaway database per suite (SQLite temp file, MariaDB dl_t_* database): allow for slow CI disks.
export default defineProject({
  test: { name: 'domain', environment: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 120_000 },
});
