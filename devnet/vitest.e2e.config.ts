import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real anvil, the forge deploy, the IPFS hub and every node as its own process: minutes, not seconds.
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 240_000,
    // Starting a devnet (anvil, the forge deploy, the demo run, a dozen node processes) takes about a minute on an
    // idle 2-core machine and has taken over 100 s on a loaded one: the limits leave room for that (slow, not red).
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
