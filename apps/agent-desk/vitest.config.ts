import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineProject({
    test: { name: 'agent-desk', environment: 'happy-dom', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  }),
);
