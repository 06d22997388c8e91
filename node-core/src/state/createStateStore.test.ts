import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeError } from '../errors';
import { createStateStore } from './createStateStore';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const fresh = () => mkdtempSync(join(tmpdir(), 'vt-state-'));

describe('createStateStore', () => {
  it('loads nothing before the first save, then what was saved, bigints included', () => {
    const dir = fresh();
    const store = createStateStore<{ leaseId: bigint; vote?: { salt: string } }>({ dir, name: 'validator' });
    expect(store.load()).toBeUndefined();
    store.save({ leaseId: 2n ** 70n, vote: { salt: '0xabc' } });
    expect(createStateStore({ dir, name: 'validator' }).load()).toEqual({
      leaseId: 2n ** 70n,
      vote: { salt: '0xabc' },
    });
    expect(readdirSync(dir)).toEqual(['validator.json']);
  });

  it('a process killed between the temp write and the rename leaves the previous state, and the temp is cleaned up', () => {
    const dir = fresh();
    const child = spawnSync(
      process.execPath,
      ['--import', tsxLoader, join(import.meta.dirname, 'fixtures/crashDuringSave.ts'), dir],
      {
        encoding: 'utf8',
      },
    );
    expect(child.signal).toBe('SIGKILL');
    const leftovers = readdirSync(dir).filter((f) => f.includes('.tmp-'));
    expect(leftovers).toHaveLength(1);
    // The half-done write is complete in the temp file, but never became the state.
    expect(readFileSync(join(dir, leftovers[0]!), 'utf8')).toContain('submitted');
    const store = createStateStore({ dir, name: 'worker' });
    expect(store.load()).toEqual({ leaseId: 1n, phase: 'leased' });
    expect(readdirSync(dir)).toEqual(['worker.json']);
    store.save({ leaseId: 2n, phase: 'submitted' });
    expect(store.load()).toEqual({ leaseId: 2n, phase: 'submitted' });
  });

  it('a failed write keeps the old state and reports STATE', () => {
    const dir = fresh();
    const ok = createStateStore({ dir, name: 'fp' });
    ok.save({ n: 1 });
    const failing = createStateStore({
      dir,
      name: 'fp',
      beforeRename: () => {
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    });
    expect(() => failing.save({ n: 2 })).toThrow(/cannot write state file .*fp\.json \(ENOSPC\)/);
    expect(readdirSync(dir)).toEqual(['fp.json']);
    expect(ok.load()).toEqual({ n: 1 });
  });

  it('a corrupt state file, or one its validator rejects, is a STATE error naming the file', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'w.json'), '{"leaseId": ');
    const e = (() => {
      try {
        createStateStore({ dir, name: 'w' }).load();
      } catch (err) {
        return err as NodeError;
      }
      throw new Error('expected an error');
    })();
    expect(e.code).toBe('STATE');
    expect(e.exitCode).toBe(6);
    expect(e.message).toMatch(/state file .*w\.json: expected JSON written by this node/);
    writeFileSync(join(dir, 'v.json'), '{"version": 9}');
    const validate = (v: unknown) => {
      if ((v as { version?: number }).version !== 1) throw new Error('expected version 1');
      return v;
    };
    expect(() => createStateStore({ dir, name: 'v', validate }).load()).toThrow(/v\.json: expected version 1/);
  });
});
