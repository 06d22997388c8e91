import { Option } from 'commander';
import { BACKEND_CHOICES } from '../backend/choice';
import { userPath } from './io';
import { positiveInteger } from './parsers';

/** `--cache-dir`, shared by every command that reads a dataset; env twin VERITRAIN_DATASET_CACHE_DIR. */
export function cacheDirOption(): Option {
  return new Option('--cache-dir <dir>', 'dataset shard cache (default: datasets/.cache)').env(
    'VERITRAIN_DATASET_CACHE_DIR',
  );
}

export function dataOptions(cacheDir: string | undefined): { cacheDir?: string } {
  return cacheDir === undefined ? {} : { cacheDir: userPath(cacheDir) };
}

/**
 * `--backend`, for every command that computes a step or a forward pass (step, verify, eval; genesis and spec
 * compute nothing a backend does); env twin VERITRAIN_BACKEND.
 */
export function backendOption(): Option {
  return new Option(
    '--backend <name>',
    'kernels to compute with; auto: native, else wasm, else ref (all give the same bits)',
  )
    .choices([...BACKEND_CHOICES])
    .default('auto')
    .env('VERITRAIN_BACKEND');
}

/** `--threads`, beside `--backend`; env twin VERITRAIN_THREADS. Unset: the backend's own default. */
export function threadsOption(): Option {
  return new Option('--threads <n>', "worker threads of the native backend (default: the backend's own)")
    .argParser(positiveInteger)
    .env('VERITRAIN_THREADS');
}
