import { defineConfig } from 'vitest/config';

// Tiers as named projects: unit tests live beside the code in each workspace; cross-app tiers live in test/.
export default defineConfig({
  test: {
    projects: [
      'packages/domain',
      'packages/asterisk-sim',
      'packages/sms-sim',
      'apps/cti-bridge',
      'apps/ivr-flows',
      'apps/agent-desk',
      'test',
    ],
  },
});
