import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The learning and two-process conformance tests train real models on the exact (slow) ref backend.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
