import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // e2e tests share one Chromium each; files run in parallel on the two cores.
    pool: 'forks',
  },
});
