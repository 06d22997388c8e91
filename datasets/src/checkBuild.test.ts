import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithCommitted } from './checkBuild';
import { buildKjv } from './kjv/buildKjv';
import { KJV_MANIFEST_PATH } from './kjv/load';

const dir = mkdtempSync(join(tmpdir(), 'vt-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compareWithCommitted', () => {
  it('names each field where the committed manifest differs from the rebuild', async () => {
    const built = await buildKjv();
    const edited = JSON.parse(readFileSync(KJV_MANIFEST_PATH, 'utf8')) as {
      shards: { sha256: string }[];
      shardsCid: string;
    };
    edited.shards[2]!.sha256 = `0x${'0'.repeat(64)}`;
    edited.shardsCid = 'bafy-other';
    const path = join(dir, 'manifest.json');
    writeFileSync(path, `${JSON.stringify(edited, null, 2)}\n`);
    const result = compareWithCommitted(built, path);
    expect(result.matches).toBe(false);
    expect(result.differences).toEqual([
      expect.stringMatching(/^shardsCid: committed "bafy-other", rebuilt "bafy/),
      expect.stringMatching(/^shards\[2\]\.sha256: committed "0x0{64}", rebuilt "0x5b09/),
    ]);
  });

  it('reports a missing committed manifest', async () => {
    const result = compareWithCommitted(await buildKjv(), join(dir, 'absent.json'));
    expect(result.matches).toBe(false);
    expect(result.differences[0]).toContain('absent.json (missing)');
  });
});
