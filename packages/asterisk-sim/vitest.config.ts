import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'asterisk-sim', environment: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
