import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The chain tests start real anvils and run the forge deploy script (a few seconds each).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
