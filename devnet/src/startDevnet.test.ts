import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from './options';
import { startDevnet, unbondingDelayS } from './startDevnet';

const quiet = { out: new Writable({ write: (_c, _e, cb) => cb() }), color: false, log: () => {} };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('unbondingDelayS', () => {
  it('is 120 s, or longer than a whole vote when the court phases are long (the court refuses it otherwise)', () => {
    expect(unbondingDelayS(DEFAULT_OPTIONS)).toBe(120);
    expect(unbondingDelayS({ commitDurationS: 120, revealDurationS: 60 })).toBeGreaterThan(180);
  });
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

  it('refuses a chain port something already listens on, before starting or sending anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vt-devnet-'));
    dirs.push(dir);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const logs: string[] = [];
      await expect(
        startDevnet({ ...DEFAULT_OPTIONS, port, dataDir: dir }, { ...quiet, log: (m) => void logs.push(m) }),
      ).rejects.toThrow(`START_FAILED: anvil: port ${port} on 127.0.0.1 is already in use`);
      expect(logs.some((l) => l.startsWith('starting anvil'))).toBe(false);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
