import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeManifest } from '../manifest';
import { datasetRoot } from '../merkle';
import { buildKjv } from './buildKjv';
import { KJV_MANIFEST_PATH } from './load';

describe('buildKjv', () => {
  it('reproduces the committed manifest byte for byte from kjv.txt.gz: shard hashes, datasetRoot and CID', async () => {
    const built = await buildKjv();
    const committed = readFileSync(KJV_MANIFEST_PATH, 'utf8');
    expect(serializeManifest(built.manifest)).toBe(committed);
    const manifest = JSON.parse(committed) as typeof built.manifest;
    expect(built.manifest.shardsCid).toBe(manifest.shardsCid);
    expect(built.manifest.datasetRoot).toBe(manifest.datasetRoot);
    expect(datasetRoot(manifest.shards.map((s) => s.sha256))).toBe(manifest.datasetRoot);
    for (const shard of manifest.shards) {
      expect(`0x${createHash('sha256').update(built.files.get(shard.file)!).digest('hex')}`).toBe(shard.sha256);
    }
  });
});
