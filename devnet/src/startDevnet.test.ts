import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from './options';
import { startDevnet } from './startDevnet';

const quiet = { out: new Writable({ write: (_c, _e, cb) => cb() }), color: false, log: () => {} };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('startDevnet', () => {
  it('refuses to wipe a non-empty data directory it did not make, and leaves it as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vt-devnet-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    await expect(startDevnet({ ...DEFAULT_OPTIONS, dataDir: dir }, quiet)).rejects.toThrow(
      /INVALID_OPTION: --data-dir .*: expected a new or empty directory, or one a devnet made .*refusing to wipe it/,
    );
    expect(existsSync(path.join(dir, 'precious.txt'))).toBe(true);
  });
});
