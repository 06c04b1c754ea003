import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the full fault suite (minutes, not part of `npm test`; its short version is
// test/integration/faults.test.ts).
export default defineConfig({
  test: { include: ['test/faults/**/*.faults.ts'], testTimeout: 900_000, hookTimeout: 120_000, fileParallelism: false },
});
