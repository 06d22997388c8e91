import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The indexer test drives a real anvil with a forge deploy; components run in happy-dom (per-file pragma).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
  },
});
