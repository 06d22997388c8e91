import { chainOptions, keyOptions, logOptions, storageOptions } from '../../config/commonOptions';
import { defineOptions } from '../../config/optionSpec';
import {
  amountWei,
  boolean,
  decimalNumber,
  oneOf,
  path,
  positiveInteger,
  positiveIntegerList,
  uint64String,
} from '../../config/parsers';
import { RUN_PRESET_NAMES } from '../../run/runPresets';

const UINT96_MAX = (1n << 96n) - 1n;
const UINT128_MAX = (1n << 128n) - 1n;

/** The spec: a preset or a spec file, then overrides. */
export const specOptions = defineOptions({
  preset: {
    description: `starting run spec (${RUN_PRESET_NAMES.join(', ')}); ignored with --spec`,
    valueName: 'name',
    parse: oneOf(RUN_PRESET_NAMES),
    default: 'mnist-mlp',
  },
  spec: {
    description: 'run-spec JSON file (engine format: model, optimizer, batchSize, dataset, seed, totalSteps)',
    valueName: 'path',
    parse: path,
  },
  layers: {
    description: 'MLP widths from input to output (overrides the spec; MLP only)',
    valueName: 'list',
    parse: positiveIntegerList(2),
  },
  lr: { description: 'learning rate (overrides the spec)', valueName: 'x', parse: decimalNumber(0, 10) },
  batchSize: {
    description: 'examples per step (overrides the spec)',
    valueName: 'n',
    parse: positiveInteger('examples'),
  },
  seed: { description: 'run seed, uint64 (overrides the spec)', valueName: 'n', parse: uint64String },
  totalSteps: { description: 'steps in the run (overrides the spec)', valueName: 'n', parse: positiveInteger('steps') },
});

/** The on-chain terms (docs/architecture.md §3.1). */
export const termsOptions = defineOptions({
  stepsPerLease: { description: 'steps k per lease', valueName: 'k', parse: positiveInteger('steps'), default: 8 },
  leaseDurationS: {
    description: 'seconds a lease holder has to submit',
    valueName: 's',
    parse: positiveInteger('seconds'),
    default: 600,
  },
  challengeWindowS: {
    description: 'seconds a submission can be disputed',
    valueName: 's',
    parse: positiveInteger('seconds'),
    default: 300,
  },
  workerBondWei: {
    description: 'ETH a worker bonds per lease (wei, or e.g. 1ether)',
    valueName: 'amount',
    parse: amountWei(UINT96_MAX),
    default: 10n ** 18n,
  },
  challengerBondWei: {
    description: 'ETH a challenger bonds per dispute (wei, or e.g. 0.5ether)',
    valueName: 'amount',
    parse: amountWei(UINT96_MAX),
    default: 5n * 10n ** 17n,
  },
  rewardPerStep: {
    description: 'reward-token base units minted per finalized step (or e.g. 10ether = 10 tokens)',
    valueName: 'amount',
    parse: amountWei(UINT128_MAX),
    default: 10n ** 19n,
  },
});

export const createOptions = defineOptions({
  ...specOptions,
  ...termsOptions,
  dryRun: {
    description: 'build the spec and genesis and print their hashes; send nothing, need no key',
    switch: true,
    parse: boolean,
    default: false,
  },
  json: { description: 'print the result as one JSON object', switch: true, parse: boolean, default: false },
  ...chainOptions,
  ...keyOptions,
  ...storageOptions,
  ...logOptions,
});
