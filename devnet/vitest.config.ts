import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit tests only: `npm test -w devnet` stays fast. The end-to-end scenarios are vitest.e2e.config.ts.
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
