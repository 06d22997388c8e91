import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real anvil, the forge deploy script, real worker processes with embedded IPFS nodes.
    // A scenario takes 40-120 s on the 2-core machine; under load a node start alone took 57 s: the limit leaves
    // room for a loaded machine (a slow run is slow, not red).
    testTimeout: 300_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
