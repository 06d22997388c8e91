import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { loadMnist, type MnistDataset } from './load';

const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-mnist-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

let cacheDir: string;
let mnist: MnistDataset;
beforeAll(() => {
  cacheDir = tempDir();
  mnist = loadMnist({ cacheDir });
});

describe('loadMnist', () => {
  it('builds a fresh cache whose shards hash to the committed manifest', () => {
    for (const shard of mnist.manifest.shards) {
      const bytes = readFileSync(join(cacheDir, 'mnist', shard.file));
      expect(`0x${createHash('sha256').update(bytes).digest('hex')}`).toBe(shard.sha256);
    }
  });

  it('returns 8000 train and 2000 test examples of 784 pixels', () => {
    expect(mnist.train.count).toBe(8000);
    expect(mnist.test.count).toBe(2000);
    expect(mnist.train.images).toHaveLength(8000 * 784);
    expect(mnist.test.images).toHaveLength(2000 * 784);
    expect(mnist.train.labels).toHaveLength(8000);
    expect(mnist.imageSize).toBe(784);
    expect(mnist.numClasses).toBe(10);
  });

  it('splits every class 80/20 and matches the manifest class counts', () => {
    const count = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    const train = count(mnist.train.labels);
    const test = count(mnist.test.labels);
    expect(train).toEqual(mnist.manifest.split.train.classCounts);
    expect(test).toEqual(mnist.manifest.split.test.classCounts);
    for (let c = 0; c < 10; c++) expect(Math.abs(test[c]! - (train[c]! + test[c]!) / 5)).toBeLessThan(1);
  });

  it('keeps the full 0..255 pixel range with a mostly blank background', () => {
    const histogram = new Uint32Array(256);
    for (const p of mnist.test.images) histogram[p]! += 1;
    expect(histogram[0]! / mnist.test.images.length).toBeGreaterThan(0.7);
    expect(histogram[255]).toBeGreaterThan(0);
    expect(histogram.filter((n) => n > 0).length).toBe(256);
  });

  it('loads again from the verified cache with identical bytes', () => {
    const again = loadMnist({ cacheDir });
    expect(Buffer.from(again.train.images).equals(Buffer.from(mnist.train.images))).toBe(true);
    expect(Buffer.from(again.test.labels).equals(Buffer.from(mnist.test.labels))).toBe(true);
  });

  it('rejects a shard with one flipped byte, naming the shard and both hashes', () => {
    const tampered = tempDir();
    cpSync(cacheDir, tampered, { recursive: true });
    const shard = mnist.manifest.shards[3]!;
    const path = join(tampered, 'mnist', shard.file);
    const bytes = readFileSync(path);
    bytes[5000]! ^= 0x01;
    writeFileSync(path, bytes);
    const actual = `0x${createHash('sha256').update(bytes).digest('hex')}`;
    let error: unknown;
    try {
      loadMnist({ cacheDir: tampered });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('DATASET_SHARD_HASH_MISMATCH');
    expect((error as DatasetError).message).toContain(shard.file);
    expect((error as DatasetError).message).toContain(shard.sha256);
    expect((error as DatasetError).message).toContain(actual);
  });

  it('rejects a truncated shard with its size', () => {
    const truncated = tempDir();
    cpSync(cacheDir, truncated, { recursive: true });
    const shard = mnist.manifest.shards[0]!;
    const path = join(truncated, 'mnist', shard.file);
    writeFileSync(path, readFileSync(path).subarray(0, 1000));
    expect(() => loadMnist({ cacheDir: truncated })).toThrow(
      expect.objectContaining({
        code: 'DATASET_SHARD_SIZE_MISMATCH',
        message: expect.stringContaining('1000 bytes, expected 785000'),
      }),
    );
  });
});
