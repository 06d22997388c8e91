import { EngineError } from '../../errors';
import type { Backend, TensorLike } from '../backend';
import { hostAdapter } from '../cuda/hostAdapter';
import { loadCudaBackend } from '../cuda/loadCuda.node.js';
import type { KernelHost } from '../kernel/kernelHost';
import { loadNativeBackend, nativeIsas } from '../native/loadNative.node.js';
import { refBackend } from '../ref/index';
import { loadWasmBackendNode } from '../wasm/loadWasm.node.js';

export type BackendKind = 'ref' | 'native' | 'wasm' | 'cuda';

export type BackendUnderTest = {
  /** 'ref', 'native/avx2/2t' (ISA and threads), 'wasm'. */
  readonly name: string;
  readonly kind: BackendKind;
  /** The backend on host arrays (for a device backend: its kernels through hostAdapter). */
  readonly backend: Backend;
  /** A device backend itself (cuda): what training runs on, its state kept on the device. */
  readonly device?: Backend<TensorLike>;
  /** The backend's own compiled exp/log/tanh (KernelHost.poly: 0 exp, 1 log, 2 tanh), where it has them. */
  readonly poly?: KernelHost['poly'];
  /** The same polynomials over many values in one call, where a call per value is slow (cuda: one launch). */
  readonly polyMany?: (op: number, x: Float32Array) => Float32Array;
  /** The compiled copy of the kernels ('native/avx2', 'wasm'; 'ref'): backends that share one differ only in threads. */
  readonly copy: string;
  /** Native only: the instruction set and the threads that compute. */
  readonly isa?: string;
  readonly threads?: number;
};

export type TestBackendsReturnType = {
  readonly backends: readonly BackendUnderTest[];
  /** Backends left out and why, for the test output (never a required backend: those fail). */
  readonly notes: readonly string[];
};

/** Env var that restricts the backends under test, e.g. `VERITRAIN_TEST_BACKENDS=ref,native`. */
export const TEST_BACKENDS_ENV = 'VERITRAIN_TEST_BACKENDS';
/**
 * Where the cuda backend's kernels run in the tests: `emulator` (default: the same CUDA source compiled for
 * the host, so indexing and tiling are checked without a GPU) or `device` (a GPU; the GPU check script).
 */
export const TEST_CUDA_ENV = 'VERITRAIN_TEST_CUDA';
/** Thread counts every native ISA is tested with. */
export const NATIVE_TEST_THREADS = [1, 2, 4] as const;
const KINDS: readonly BackendKind[] = ['ref', 'native', 'wasm', 'cuda'];

let loaded: Promise<TestBackendsReturnType> | undefined;

/**
 * The backends the tests hold to ref's bits: ref; native for every ISA this CPU runs × 1, 2 and 4
 * threads; wasm; cuda (its kernels on the host emulator, or on a GPU with VERITRAIN_TEST_CUDA=device).
 * Native, wasm and cuda are required (`npm install` builds the native and CUDA addons, the wasm module and
 * the CUDA kernel image are committed):
 * one that does not load rejects with BACKEND_UNAVAILABLE and the loader's reason, unless
 * VERITRAIN_TEST_BACKENDS leaves it out. Loaded once per process.
 */
export function testBackends(): Promise<TestBackendsReturnType> {
  loaded ??= load(parseTestBackendsEnv(process.env[TEST_BACKENDS_ENV]));
  return loaded;
}

/** The first backend of each kernel copy: enough where threads cannot matter (one value of a polynomial). */
export function onePerKernelCopy(backends: readonly BackendUnderTest[]): BackendUnderTest[] {
  return backends.filter((b, i) => backends.findIndex((x) => x.copy === b.copy) === i);
}

/** The kinds a VERITRAIN_TEST_BACKENDS value names (unset or empty: all); anything else is INVALID_ARGUMENT. */
export function parseTestBackendsEnv(value: string | undefined): readonly BackendKind[] {
  if (value === undefined || value.trim() === '') return KINDS;
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(KINDS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${TEST_BACKENDS_ENV} is ${JSON.stringify(value)}; expected a comma-separated subset of ${KINDS.join(', ')}`,
      {
        details: { input: TEST_BACKENDS_ENV, value, unknown },
      },
    );
  }
  return KINDS.filter((k) => names.includes(k));
}

function unavailable(kind: BackendKind, reason: string): EngineError {
  const others = KINDS.filter((k) => k !== kind).join(',');
  return new EngineError(
    'BACKEND_UNAVAILABLE',
    `the ${kind} backend is required in the tests and did not load: ${reason} (${TEST_BACKENDS_ENV}=${others} leaves it out)`,
    { details: { backend: kind, reason } },
  );
}

async function load(kinds: readonly BackendKind[]): Promise<TestBackendsReturnType> {
  const backends: BackendUnderTest[] = [];
  const notes: string[] = [];
  for (const kind of KINDS.filter((k) => !kinds.includes(k))) notes.push(`${kind} left out by ${TEST_BACKENDS_ENV}`);
  if (kinds.includes('ref')) backends.push({ name: 'ref', kind: 'ref', copy: 'ref', backend: refBackend });
  if (kinds.includes('native')) {
    const isas = nativeIsas();
    if (isas.length === 0) {
      const r = loadNativeBackend();
      throw unavailable('native', r.ok ? 'the addon reports no instruction set' : r.reason);
    }
    for (const isa of isas) {
      for (const threads of NATIVE_TEST_THREADS) {
        const r = loadNativeBackend({ isa, threads });
        if (!r.ok) throw unavailable('native', r.reason);
        backends.push({
          name: `native/${isa}/${threads}t`,
          kind: 'native',
          copy: `native/${isa}`,
          backend: r.backend,
          poly: r.host.poly,
          isa,
          threads,
        });
      }
    }
  }
  if (kinds.includes('wasm')) {
    const r = await loadWasmBackendNode();
    if (r.ok) backends.push({ name: 'wasm', kind: 'wasm', copy: 'wasm', backend: r.backend, poly: r.host.poly });
    else throw unavailable('wasm', r.reason);
  }
  if (kinds.includes('cuda')) {
    const where = process.env[TEST_CUDA_ENV] ?? 'emulator';
    if (where !== 'emulator' && where !== 'device') {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `${TEST_CUDA_ENV} is ${JSON.stringify(where)}; expected emulator or device`,
        { details: { input: TEST_CUDA_ENV, value: where } },
      );
    }
    const r = loadCudaBackend({ emulate: where === 'emulator' });
    if (!r.ok) throw unavailable('cuda', `${r.code}: ${r.reason}`);
    const device = r.backend;
    backends.push({
      name: device.name,
      kind: 'cuda',
      copy: device.name,
      backend: hostAdapter(device),
      device,
      poly: (op, x) => device.poly(op, x),
      polyMany: (op, x) => device.polyMany(op, x),
    });
  }
  for (const note of notes) console.warn(`backends under test: ${note}`);
  return { backends, notes };
}
