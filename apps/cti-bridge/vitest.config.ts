import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'cti-bridge', environment: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
