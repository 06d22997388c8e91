import { defineOptions, parsers } from '@veritrain/node-core';

export const workerOptions = defineOptions({
  runId: {
    description: 'the run to work on',
    valueName: 'id',
    parse: parsers.positiveInteger(),
    required: true,
  },
  maxLeases: {
    description: 'stop after submitting this many leases and settling them (0: no limit)',
    valueName: 'n',
    parse: parsers.nonNegativeInteger('leases'),
    default: 0,
  },
  pollIntervalMs: {
    description: 'how often to look at the chain when there is nothing to compute',
    valueName: 'ms',
    parse: parsers.positiveInteger('milliseconds'),
    default: 1_000,
  },
  keeper: {
    description: 'also finalize due submissions and expire dead leases of others (earns the keeper reward)',
    valueName: 'bool',
    parse: parsers.boolean,
    default: true,
  },
  verifyParent: {
    description: 're-execute the parent submission before building on it (slower; refuses a fraudulent parent)',
    switch: true,
    parse: parsers.boolean,
    default: false,
  },
  cacheDir: {
    description: 'dataset shard cache (default: datasets/.cache)',
    valueName: 'dir',
    parse: parsers.path,
  },
  throttleStepMs: {
    description: 'TESTS AND DEMO ONLY: spend at least this long per step, so a run is watchable',
    valueName: 'ms',
    parse: parsers.nonNegativeInteger('milliseconds'),
    default: 0,
  },
  adversarialCorruptStep: {
    description: 'ADVERSARIAL, TESTS AND DEMO ONLY: commit a corrupted state at this step (the bond will be slashed)',
    valueName: 'step',
    parse: parsers.positiveInteger('steps'),
  },
  adversarialCheckpoint: {
    description: 'ADVERSARIAL, TESTS AND DEMO ONLY: publish a malformed checkpoint (nan or truncated) and commit to it',
    valueName: 'how',
    parse: parsers.oneOf(['nan', 'truncated'] as const),
  },
  adversarialManifestMib: {
    description:
      'ADVERSARIAL, TESTS AND DEMO ONLY: submit as the manifest CID a file of this many MiB of zeros (a few blocks that declare a huge DAG) instead of the manifest',
    valueName: 'mib',
    parse: parsers.positiveInteger('MiB'),
  },
});
