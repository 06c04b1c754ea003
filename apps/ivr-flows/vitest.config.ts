import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'ivr-flows', environment: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
