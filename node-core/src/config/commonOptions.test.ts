import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { runtimeOptions } from '../runtime/nodeOptions';
import { resolveConfig } from './resolveConfig';

// The options every node (worker, fraud-proofer, validator) resolves, with the backend among them.
const specs = runtimeOptions('worker', 9464);
const resolve = (flags: Record<string, unknown>, env: Record<string, string> = {}) =>
  resolveConfig(specs, { flags, env });

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    expect((e as NodeError).exitCode).toBe(2);
    return (e as NodeError).message;
  }
  throw new Error('expected a NodeError');
}

describe('--backend and --threads on every node', () => {
  it('default to auto and the backend’s own thread count', () => {
    const r = resolve({});
    expect(r.values.backend).toBe('auto');
    expect(r.values.threads).toBeUndefined();
    expect(r.sources).toMatchObject({ backend: 'default', threads: 'unset' });
  });

  it('come from a flag over VERITRAIN_BACKEND / VERITRAIN_THREADS over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-backend-'));
    const config = join(dir, 'node.json');
    writeFileSync(config, JSON.stringify({ backend: 'wasm', threads: 3 }));
    expect(resolve({ config }).values).toMatchObject({ backend: 'wasm', threads: 3 });
    const fromEnv = resolve({ config }, { VERITRAIN_BACKEND: 'native', VERITRAIN_THREADS: '8' });
    expect(fromEnv.values).toMatchObject({ backend: 'native', threads: 8 });
    expect(fromEnv.sources).toMatchObject({ backend: 'env', threads: 'env' });
    expect(resolve({ config, backend: 'ref', threads: '1' }, { VERITRAIN_BACKEND: 'native' }).values).toMatchObject({
      backend: 'ref',
      threads: 1,
    });
  });

  it('reject a value that is not a backend or not a positive thread count, naming the flag or variable and what it expects', () => {
    expect(message(() => resolve({ backend: 'gpu' }))).toBe(
      "--backend: expected one of 'auto', 'ref', 'native', 'wasm', 'cuda', got 'gpu'",
    );
    expect(message(() => resolve({}, { VERITRAIN_BACKEND: 'REF' }))).toBe(
      "VERITRAIN_BACKEND: expected one of 'auto', 'ref', 'native', 'wasm', 'cuda', got 'REF'",
    );
    expect(message(() => resolve({ threads: '0' }))).toBe(
      "--threads: expected a positive integer number of threads, got '0'",
    );
    expect(message(() => resolve({}, { VERITRAIN_THREADS: 'all' }))).toBe(
      "VERITRAIN_THREADS: expected a positive integer number of threads, got 'all'",
    );
  });
});
