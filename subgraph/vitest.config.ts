import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The harness tests start a real anvil and run the forge deploy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
