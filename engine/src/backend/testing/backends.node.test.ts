import { describe, expect, it } from 'vitest';
import { nativeIsas } from '../native/loadNative.node.js';
import { NATIVE_TEST_THREADS, onePerKernelCopy, parseTestBackendsEnv, testBackends } from './backends.node.js';

describe('parseTestBackendsEnv', () => {
  it('takes every kind when unset or empty', () => {
    expect(parseTestBackendsEnv(undefined)).toEqual(['ref', 'native', 'wasm', 'cuda']);
    expect(parseTestBackendsEnv(' ')).toEqual(['ref', 'native', 'wasm', 'cuda']);
  });

  it('restricts to the kinds named, in a fixed order', () => {
    expect(parseTestBackendsEnv('native, ref')).toEqual(['ref', 'native']);
  });

  it('rejects an unknown kind, naming the variable', () => {
    expect(() => parseTestBackendsEnv('ref,gpu')).toThrow(/VERITRAIN_TEST_BACKENDS is "ref,gpu"/);
  });
});

describe('testBackends', () => {
  it('has native for every ISA of this CPU × 1, 2 and 4 threads, each copy once in onePerKernelCopy', async () => {
    if (process.env.VERITRAIN_TEST_BACKENDS) return;
    const { backends } = await testBackends();
    const natives = backends.filter((b) => b.kind === 'native').map((b) => b.name);
    expect(natives).toEqual(nativeIsas().flatMap((isa) => NATIVE_TEST_THREADS.map((t) => `native/${isa}/${t}t`)));
    expect(backends[0]!.name).toBe('ref');
    const copies = onePerKernelCopy(backends).map((b) => b.copy);
    expect(copies).toEqual([...new Set(backends.map((b) => b.copy))]);
  });

  it('has the cuda backend, emulated unless VERITRAIN_TEST_CUDA=device, as a device behind a host adapter', async () => {
    if (process.env.VERITRAIN_TEST_BACKENDS) return;
    const { backends } = await testBackends();
    const cuda = backends.filter((b) => b.kind === 'cuda');
    expect(cuda.map((b) => b.name)).toEqual([process.env.VERITRAIN_TEST_CUDA === 'device' ? 'cuda' : 'cuda-emulator']);
    expect(cuda[0]!.device?.residency).toBe('device');
    expect(cuda[0]!.backend.residency).toBe('host');
  });
});
