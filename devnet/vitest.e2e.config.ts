import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real anvil, the forge deploy, the IPFS hub and every node as its own process: minutes, not seconds.
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
