import {
  chainOptions,
  computeOptions,
  dataDirOptions,
  keyOptions,
  logOptions,
  metricsOptions,
  storageOptions,
} from '../config/commonOptions';
import type { OptionSpecs } from '../config/optionSpec';

/** The options every long-running node has, besides its own (every one computes steps, so the backend too). */
export function runtimeOptions(name: string, defaultMetricsPort: number) {
  return {
    ...chainOptions,
    ...keyOptions,
    ...dataDirOptions(`.veritrain/${name}`),
    ...metricsOptions(defaultMetricsPort),
    ...storageOptions,
    ...computeOptions,
    ...logOptions,
  };
}

export type RuntimeOptions = ReturnType<typeof runtimeOptions>;

/** A node's full option set: its own, then the runtime's. */
export type NodeOptions<S extends OptionSpecs> = S & RuntimeOptions;
