import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { loadKjv, type TextDataset } from './load';
import { KJV_GZIP_PATH } from './source';
import { decodeTokens, encodeText } from './tokens';

const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-kjv-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

let cacheDir: string;
let kjv: TextDataset;
let text: string;
beforeAll(() => {
  cacheDir = tempDir();
  kjv = loadKjv({ cacheDir });
  text = gunzipSync(readFileSync(KJV_GZIP_PATH)).toString('latin1');
});

describe('loadKjv', () => {
  it('has the 73-character vocabulary of the text, sorted by code point', () => {
    expect(kjv.vocab).toHaveLength(73);
    expect(kjv.vocab).toBe([...new Set(text)].sort().join(''));
    expect(kjv.vocab[0]).toBe('\n');
    expect(kjv.manifest.encoding).toMatchObject({ kind: 'char-tokens', vocabSize: 73, vocab: kjv.vocab });
  });

  it('splits the text by position: the first 90% train, the last 10% test', () => {
    expect(kjv.train.length + kjv.test.length).toBe(4_404_412);
    expect(kjv.train.length).toBe(Math.floor((9 * 4_404_412) / 10));
    expect(kjv.manifest.split.train.examples).toBe(kjv.train.length);
    expect(kjv.manifest.split.test.examples).toBe(kjv.test.length);
  });

  it('round-trips text to ids and back to the committed text exactly', () => {
    expect(decodeTokens(kjv.vocab, kjv.train) + decodeTokens(kjv.vocab, kjv.test)).toBe(text);
    const ids = encodeText(kjv.vocab, text.slice(0, 1000));
    expect(Buffer.from(ids).equals(Buffer.from(kjv.train.subarray(0, 1000)))).toBe(true);
    expect(decodeTokens(kjv.vocab, kjv.train.subarray(0, 61))).toBe(
      'Ge1:1 In the beginning God created the heaven and the earth.\n',
    );
    expect(decodeTokens(kjv.vocab, kjv.test.subarray(kjv.test.length - 60))).toBe(
      'Rev22:21 The grace of our Lord Jesus Christ be with you all. Amen.\n'.slice(-60),
    );
  });

  it('rejects a shard with one flipped byte, naming the shard and both hashes', () => {
    const tampered = tempDir();
    cpSync(cacheDir, tampered, { recursive: true });
    const shard = kjv.manifest.shards.find((s) => s.split === 'test')!;
    const path = join(tampered, 'kjv', shard.file);
    const bytes = readFileSync(path);
    bytes[123]! ^= 0x02;
    writeFileSync(path, bytes);
    const actual = `0x${createHash('sha256').update(bytes).digest('hex')}`;
    let error: unknown;
    try {
      loadKjv({ cacheDir: tampered });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ code: 'DATASET_SHARD_HASH_MISMATCH', details: { expected: shard.sha256, actual } });
    expect((error as Error).message).toContain(`kjv/${shard.file} has SHA-256 ${actual}, expected ${shard.sha256}`);
  });
});
