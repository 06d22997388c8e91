import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real anvil, the forge deploy script, real worker processes with embedded IPFS nodes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
