import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareWithCommitted } from '../checkBuild';
import { serializeManifest } from '../manifest';
import { buildMnist } from './buildMnist';
import { MNIST_MANIFEST_PATH } from './load';

describe('buildMnist', () => {
  it('reproduces the committed manifest byte for byte: shard hashes, datasetRoot and CID', async () => {
    const built = await buildMnist();
    const committed = readFileSync(MNIST_MANIFEST_PATH, 'utf8');
    expect(compareWithCommitted(built, MNIST_MANIFEST_PATH).differences).toEqual([]);
    expect(serializeManifest(built.manifest)).toBe(committed);
    const manifest = JSON.parse(committed) as typeof built.manifest;
    expect(built.manifest.shardsCid).toBe(manifest.shardsCid);
    expect(built.manifest.datasetRoot).toBe(manifest.datasetRoot);
    for (const shard of manifest.shards) {
      const bytes = built.files.get(shard.file)!;
      expect(`0x${createHash('sha256').update(bytes).digest('hex')}`).toBe(shard.sha256);
    }
  });

  it('commits the root of the committed shard hashes, recomputed here independently', () => {
    const manifest = JSON.parse(readFileSync(MNIST_MANIFEST_PATH, 'utf8')) as {
      datasetRoot: string;
      shards: { sha256: string }[];
    };
    const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
    let level: Buffer[] = manifest.shards.map((s) => sha(Buffer.from([0]), Buffer.from(s.sha256.slice(2), 'hex')));
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < level.length; i += 2)
        next.push(i + 1 < level.length ? sha(Buffer.from([1]), level[i]!, level[i + 1]!) : level[i]!);
      level = next;
    }
    expect(`0x${level[0]!.toString('hex')}`).toBe(manifest.datasetRoot);
  });
});
