// Type-only: the names are checked against node-core's presets at compile time, and the devnet's CLI does not
// load node-core (and IPFS with it) just to parse its flags.
import type { RunPresetName } from '@veritrain/node-core';
import type { DevnetOptions } from './options';

/** The run terms and worker pace the devnet picks per preset (a flag or env twin still wins). */
export type PresetTerms = Pick<
  DevnetOptions,
  | 'totalSteps'
  | 'stepsPerLease'
  | 'leaseDurationS'
  | 'challengeWindowS'
  | 'commitDurationS'
  | 'revealDurationS'
  | 'throttleStepMs'
>;

export type DevnetPreset = {
  /** For the start-up log: what the demo run trains. */
  label: string;
  /** Where the MNIST terms do not fit the preset's step time. */
  terms: Partial<PresetTerms>;
};

/**
 * Every `veritrain-run create` preset, with the devnet's demo terms for it. The MNIST terms are the base
 * (options.ts DEFAULT_OPTIONS); kjv-gpt's step is as fast, so it keeps them.
 */
export const DEVNET_PRESETS: Record<RunPresetName, DevnetPreset> = {
  'mnist-mlp': { label: 'MNIST, MLP 784-128-10', terms: {} },
  'kjv-gpt': { label: 'King James Bible, char GPT 2 layers, 4 heads, C 32, T 32', terms: {} },
  'kjv-gpt-128': {
    label: 'King James Bible, char GPT 4 layers, 4 heads, C 128, T 64',
    // A step takes 0.3-0.5 s on native with one thread on an idle 2-core machine, 2-5 s on a loaded one (load
    // 10-14, every compute node busy at once), and a checkpoint (weights and AdamW moments) is 9.4 MiB to store,
    // fetch and verify. Measured under that load: the fraud-proofer's re-execution of a submission and a
    // validator's of the disputed step about 30 s each (MNIST's 30 s court let two of three validators miss the
    // commit phase: NoQuorum, the fraud stood); a lease 4-160 s, 26 s at the median, the slow ones waiting on
    // IPFS fetches that timed out (60 s) and were retried. Each window holds those with room to spare.
    terms: {
      // About 100 leases: long enough that the text the dashboard generates visibly improves (held-out loss
      // 2.5 at step 100, 2.3 at 200).
      totalSteps: 400,
      leaseDurationS: 180,
      challengeWindowS: 120,
      commitDurationS: 120,
      revealDurationS: 60,
      // A step is slower than MNIST's 250 ms throttle already.
      throttleStepMs: 0,
    },
  },
  'kjv-gpt-10m': {
    label: 'King James Bible, char GPT 6 layers, 6 heads, C 384, T 256 (10.8 M parameters: GPU workers)',
    // Meant for workers on --worker-backend cuda: a CPU re-execution of one step (fraud-proofer, validator)
    // takes minutes on native (docs/performance.md), and a checkpoint with its AdamW moments is 123 MiB.
    terms: {
      totalSteps: 100,
      stepsPerLease: 4,
      leaseDurationS: 3600,
      challengeWindowS: 1800,
      commitDurationS: 1200,
      revealDurationS: 600,
      throttleStepMs: 0,
    },
  },
};

export const DEVNET_PRESET_NAMES = Object.keys(DEVNET_PRESETS) as RunPresetName[];
