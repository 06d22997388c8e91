import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real anvil, the forge deploy script, real worker processes with embedded IPFS nodes. Each scenario takes
    // 50-120 s on the 2-core machine; the limit leaves room for a loaded one (a slow run is slow, not red).
    testTimeout: 300_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
