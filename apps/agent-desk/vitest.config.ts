import { defineProject, mergeConfig } from 'vitest/config';
import { deskConfig } from './vite.config.ts';

export default mergeConfig(
  deskConfig({ testing: true }),
  defineProject({
    test: { name: 'agent-desk', environment: 'happy-dom', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  }),
);
