import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { stateRootNode } from '../../checkpoint/stateRoot.node.js';
import { loadBackend } from '../select.node.js';
import { runCase } from '../../../test/conformance/stepCases';
import type { CudaAddon } from './cudaAddon';
import { CUDA_ADDON_PATH, loadCudaBackend, probeCuda } from './loadCuda.node.js';
import { readFileSync } from 'node:fs';

// The CUDA backend on a machine without a GPU: the no-device path is a clear, typed refusal; the kernels
// run on the host emulator (the same CUDA source), where tensor lifetimes, transfers and the addon's own
// bounds checks are tested. The kernels' bits are held to ref's by test/backends (goldens, differential,
// errors), which include the emulated cuda backend.
const probe = probeCuda();
const hasGpu = 'available' in probe;

describe('without a GPU (or with one)', () => {
  it('probe: a GPU answers, or CUDA_UNAVAILABLE with the driver reason', () => {
    if (hasGpu) expect(probe.device).toMatch(/sm_\d+/);
    else
      expect(probe).toMatchObject({
        ok: false,
        code: 'CUDA_UNAVAILABLE',
        reason: expect.stringMatching(/driver|device|libcuda/),
      });
  });

  it("loadBackend('cuda') loads a GPU, or throws BACKEND_UNAVAILABLE naming CUDA_UNAVAILABLE and the reason", async () => {
    const r = await loadBackend('cuda').catch((e: unknown) => e);
    if (hasGpu) {
      expect(r).toMatchObject({ requested: 'cuda', backend: { name: 'cuda', residency: 'device' } });
    } else {
      expect(r).toBeInstanceOf(EngineError);
      expect((r as EngineError).code).toBe('BACKEND_UNAVAILABLE');
      expect((r as EngineError).message).toMatch(/^the cuda backend is unavailable: CUDA_UNAVAILABLE: .+/);
    }
  });

  it("loadBackend('auto') takes cuda only where a GPU answers (no warning for a CPU machine's missing GPU)", async () => {
    const r = await loadBackend('auto');
    if (hasGpu) expect(r.backend.name).toBe('cuda');
    else {
      expect(r.backend.name).not.toMatch(/cuda/);
      expect(r.skipped.map((s) => s.name)).not.toContain('cuda');
    }
  });
});

describe('the emulated CUDA backend', () => {
  const r = loadCudaBackend({ emulate: true });
  if (!r.ok) throw new Error(`the CUDA addon must load in the tests: ${r.reason}`);
  const cuda = r.backend;

  it('is a device backend that says where its kernels run', () => {
    expect(cuda).toMatchObject({ name: 'cuda-emulator', residency: 'device', emulated: true });
    expect(r.description).toMatch(/^cuda-emulator \(emulator/);
    // One mode per process: the GPU cannot be opened beside the emulator.
    const other = loadCudaBackend();
    expect(other.ok).toBe(false);
  });

  it('scopes free what they created; kept tensors survive to the enclosing scope; release is idempotent', () => {
    const before = cuda.stats().live;
    const outer = cuda.upload(Float32Array.of(1, 2, 3));
    const kept = cuda.scope(() => {
      const a = cuda.add(outer, outer);
      cuda.scale(a, 3, a);
      return cuda.keep(cuda.mul(a, a));
    });
    expect(cuda.stats().live).toBe(before + 2);
    expect(Array.from(cuda.download(kept))).toEqual([36, 144, 324]);
    cuda.release(kept);
    cuda.release(kept);
    cuda.release(outer);
    expect(cuda.stats().live).toBe(before);
    expect(() => cuda.download(outer)).toThrow(/released/);
  });

  it('a throwing scope still frees its tensors', () => {
    const before = cuda.stats().live;
    expect(() =>
      cuda.scope(() => {
        cuda.zeros(1000);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(cuda.stats().live).toBe(before);
  });

  it('refuses host arrays where a tensor is expected, and a short out for download', () => {
    const t = cuda.upload(Float32Array.of(1, 2));
    expect(() => cuda.add(Float32Array.of(1, 2) as never, t)).toThrow(/not a tensor of this backend/);
    expect(() => cuda.download(t, new Float32Array(3))).toThrow(EngineError);
    expect(cuda.allFinite(t)).toBe(true);
    const bad = cuda.upload(Float32Array.of(1, Number.NaN, Infinity));
    expect(cuda.allFinite(bad)).toBe(false);
    cuda.release(t);
    cuda.release(bad);
  });

  it('the addon checks every handle and length itself: a wrong call fails, it never writes out of bounds', () => {
    const addon = createRequire(import.meta.url)(CUDA_ADDON_PATH) as CudaAddon;
    const a = addon.upload(new Float32Array(4));
    const b = addon.upload(new Float32Array(4));
    const out = addon.create(2, true);
    // a 2×2 · 2×2 product needs 4 outputs; the out handle has 2.
    expect(() => addon.op(0, Float64Array.of(a, b, out, 2, 2, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toThrow(
      /matmul: out has 2 values; the call needs 4/,
    );
    expect(() => addon.op(1, Float64Array.of(0, a, 999_999, out, 4))).toThrow(/not a live tensor/);
    expect(() => addon.op(1, Float64Array.of(0, a, b))).toThrow(/takes 5 arguments/);
    expect(() => addon.gather(a, Int32Array.of(0, 7), out, 1)).toThrow(/out of range/);
    for (const id of [a, b, out]) addon.release(id);
    expect(() => addon.release(a)).toThrow(/not live/);
  });

  it('keeps the state on the device through a lease: per step only ids go in, the state comes out once', () => {
    const steps = JSON.parse(readFileSync(new URL('../../../test/golden/steps.json', import.meta.url), 'utf8')) as {
      cases: { name: string; spec: Parameters<typeof runCase>[1]; stateRoots: Record<string, string> }[];
    };
    const c = steps.cases.find((x) => x.name === 'gpt-sgd')!;
    const before = cuda.stats();
    const got = runCase(c.name, c.spec, stateRootNode, cuda);
    const after = cuda.stats();
    expect(got.stateRoots).toEqual(c.stateRoots);
    expect(after.live).toBe(before.live);
    // GPT: no float input per step (token ids go as host arrays), so uploads are the state, once.
    const stateFloats = (after.downloadedBytes - before.downloadedBytes) / 4 / 100;
    expect(Number.isInteger(stateFloats)).toBe(true);
    expect(after.uploadedBytes - before.uploadedBytes).toBe(stateFloats * 4);
  }, 120_000);
});
