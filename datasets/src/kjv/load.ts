import { join } from 'node:path';
import { DatasetError } from '../errors';
import { readManifest, type DatasetManifest } from '../manifest';
import type { LoadOptions } from '../mnist/load';
import { DEFAULT_CACHE_DIR, PACKAGE_DIR } from '../paths';
import { loadVerifiedShards } from '../shardCache';
import { buildKjvShards } from './build';
import { readKjvSource } from './source';

export const KJV_MANIFEST_PATH = join(PACKAGE_DIR, 'kjv', 'manifest.json');

export interface TextDataset {
  manifest: DatasetManifest;
  /** The characters in id order: token id i is the character vocab[i]. */
  vocab: string;
  /** Token ids of the training text, in text order. */
  train: Uint8Array;
  /** Token ids of the held-out text (the last 10% of the text). */
  test: Uint8Array;
}

/**
 * Loads the KJV character corpus from the shard cache, rebuilding missing shards from the committed
 * kjv.txt.gz and verifying every shard against the committed manifest's SHA-256 (DatasetError otherwise).
 */
export function loadKjv(options: LoadOptions = {}): TextDataset {
  const manifest = readManifest(KJV_MANIFEST_PATH, 'kjv');
  if (manifest.encoding.kind !== 'char-tokens') {
    throw new DatasetError(
      'DATASET_MANIFEST_INVALID',
      `manifest ${KJV_MANIFEST_PATH}: encoding.kind must be "char-tokens"`,
    );
  }
  const vocab = manifest.encoding.vocab;
  const dir = join(options.cacheDir ?? DEFAULT_CACHE_DIR, 'kjv');
  const shardBytes = loadVerifiedShards(
    manifest,
    dir,
    () => buildKjvShards(readKjvSource(manifest.source.files).text).files,
  );
  const join_ = (split: 'train' | 'test'): Uint8Array => {
    const parts = shardBytes.filter((_, i) => manifest.shards[i]!.split === split);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      const bad = part.findIndex((id) => id >= vocab.length);
      if (bad !== -1) {
        throw new DatasetError(
          'DATASET_SHARD_INVALID',
          `a ${split} shard of kjv holds token id ${part[bad]}, expected below ${vocab.length}`,
        );
      }
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };
  return { manifest, vocab, train: join_('train'), test: join_('test') };
}
