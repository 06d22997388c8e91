import { defineOptions, parsers } from '@veritrain/node-core';

export const fraudProoferOptions = defineOptions({
  runId: { description: 'the run to watch', valueName: 'id', parse: parsers.positiveInteger(), required: true },
  sample: {
    description:
      'fraction of submissions to re-execute (1: all); the choice per submission is fixed by its id and our address',
    valueName: 'fraction',
    parse: parsers.decimalNumber(0, 1),
    default: 1,
  },
  pollIntervalMs: {
    description: 'how often to look for new submissions and follow disputes',
    valueName: 'ms',
    parse: parsers.positiveInteger('milliseconds'),
    default: 1_000,
  },
  exitWhenIdle: {
    description: 'exit once the run is finalized and every dispute is settled (tests and scripts)',
    switch: true,
    parse: parsers.boolean,
    default: false,
  },
  cacheDir: { description: 'dataset shard cache (default: datasets/.cache)', valueName: 'dir', parse: parsers.path },
  adversarialFalseAccusations: {
    description:
      'ADVERSARIAL, TESTS AND DEMO ONLY: dispute honest submissions with a false claim (the bond will be slashed)',
    switch: true,
    parse: parsers.boolean,
    default: false,
  },
});
