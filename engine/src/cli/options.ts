import { Option } from 'commander';
import { userPath } from './io';

/** `--cache-dir`, shared by every command that reads a dataset; env twin VERITRAIN_DATASET_CACHE_DIR. */
export function cacheDirOption(): Option {
  return new Option('--cache-dir <dir>', 'dataset shard cache (default: datasets/.cache)').env('VERITRAIN_DATASET_CACHE_DIR');
}

export function dataOptions(cacheDir: string | undefined): { cacheDir?: string } {
  return cacheDir === undefined ? {} : { cacheDir: userPath(cacheDir) };
}
