import { defineOptions, parsers } from '@veritrain/node-core';

export const validatorOptions = defineOptions({
  stakeWei: {
    description: 'reward tokens to keep staked in the court (base units, or e.g. 1000ether)',
    valueName: 'amount',
    parse: parsers.amountWei((1n << 112n) - 1n),
    default: 1000n * 10n ** 18n,
  },
  pollIntervalMs: {
    description: 'how often to look for disputes and phase changes',
    valueName: 'ms',
    parse: parsers.positiveInteger('milliseconds'),
    default: 1_000,
  },
  cacheDir: { description: 'dataset shard cache (default: datasets/.cache)', valueName: 'dir', parse: parsers.path },
});
