import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './errors';
import type { DatasetManifest } from './manifest';
import { sha256Hex } from './sha256';

/** Shard bytes by file name, as a build function returns them. */
export type ShardFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Returns every shard of `manifest` in manifest order, each checked against its manifest length and
 * SHA-256. Shards missing from `dir` are rebuilt with `build` (once, for all of them), checked against
 * the manifest before they are written, and written atomically (temp file + rename) so that concurrent
 * test processes never see a half-written shard. A shard already on disk is never silently replaced:
 * a wrong one is an error that names it, so tampering or a stale cache is seen, not hidden.
 */
export function loadVerifiedShards(manifest: DatasetManifest, dir: string, build: () => ShardFiles): Uint8Array[] {
  const missing = manifest.shards.filter((shard) => !existsSync(join(dir, shard.file)));
  if (missing.length > 0) {
    const built = build();
    mkdirSync(dir, { recursive: true });
    for (const shard of missing) {
      const bytes = built.get(shard.file);
      if (bytes === undefined) {
        throw new DatasetError(
          'DATASET_SOURCE_MISMATCH',
          `rebuilding ${manifest.name} produced no shard ${shard.file}`,
          {
            details: { shard: shard.file },
          },
        );
      }
      const actual = sha256Hex(bytes);
      if (actual !== shard.sha256 || bytes.length !== shard.bytes) {
        throw new DatasetError(
          'DATASET_SOURCE_MISMATCH',
          `rebuilt ${manifest.name} shard ${shard.file} has SHA-256 ${actual} (${bytes.length} bytes), expected ${shard.sha256} (${shard.bytes} bytes): the source differs from the one the manifest was built from`,
          { details: { shard: shard.file, expected: shard.sha256, actual } },
        );
      }
      const path = join(dir, shard.file);
      // A unique temp name per writer: vitest workers may share a pid.
      const temp = `${path}.${randomUUID()}.tmp`;
      writeFileSync(temp, bytes);
      renameSync(temp, path);
    }
  }
  return manifest.shards.map((shard) => {
    const path = join(dir, shard.file);
    const bytes = new Uint8Array(readFileSync(path));
    if (bytes.length !== shard.bytes) {
      throw new DatasetError(
        'DATASET_SHARD_SIZE_MISMATCH',
        `shard ${path} is ${bytes.length} bytes, expected ${shard.bytes} (delete it to rebuild it)`,
        { details: { shard: path, expected: shard.bytes, actual: bytes.length } },
      );
    }
    const actual = sha256Hex(bytes);
    if (actual !== shard.sha256) {
      throw new DatasetError(
        'DATASET_SHARD_HASH_MISMATCH',
        `shard ${path} has SHA-256 ${actual}, expected ${shard.sha256} (delete it to rebuild it)`,
        { details: { shard: path, expected: shard.sha256, actual } },
      );
    }
    return bytes;
  });
}
