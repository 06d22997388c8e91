import { assembleManifest, writeShards, type BuiltDataset } from '../assembleManifest';
import { buildKjvShards, KJV_SPLIT_RULE } from './build';
import { readKjvSource } from './source';

/**
 * Rebuilds the KJV character corpus from the committed kjv/kjv.txt.gz (no apt, no network): shards,
 * hashes, datasetRoot, shard CID and the manifest. With `outDir` the shard files are written there too.
 */
export async function buildKjv(outDir?: string): Promise<BuiltDataset> {
  const source = readKjvSource();
  const built = buildKjvShards(source.text);
  const manifest = await assembleManifest({
    name: 'kjv',
    split: { rule: KJV_SPLIT_RULE, train: built.split.train, test: built.split.test },
    encoding: built.encoding,
    shards: built.shards,
    files: built.files,
    source: {
      description:
        'King James Version of the Bible (1611), one verse per line, as dumped from Debian bible-kjv-text 4.38',
      origin:
        'Debian bookworm packages bible-kjv-text 4.38 and bible-kjv 4.38 (source package bible-kjv); see datasets/kjv/PROVENANCE',
      license: 'public domain text (Crown letters patent in the United Kingdom only)',
      files: source.files,
    },
  });
  if (outDir !== undefined) writeShards(built.files, outDir);
  return { manifest, files: built.files };
}
