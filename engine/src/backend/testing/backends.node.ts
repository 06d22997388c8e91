import { EngineError } from '../../errors';
import type { Backend } from '../backend';
import type { KernelHost } from '../kernel/kernelHost';
import { loadNativeBackend, nativeIsas } from '../native/loadNative.node.js';
import { refBackend } from '../ref/index';
import { loadWasmBackendNode } from '../wasm/loadWasm.node.js';

export type BackendKind = 'ref' | 'native' | 'wasm';

export type BackendUnderTest = {
  /** 'ref', 'native/avx2/2t' (ISA and threads), 'wasm'. */
  readonly name: string;
  readonly kind: BackendKind;
  readonly backend: Backend;
  /** The backend's own compiled exp/log/tanh (KernelHost.poly: 0 exp, 1 log, 2 tanh), where it has them. */
  readonly poly?: KernelHost['poly'];
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
/** Thread counts every native ISA is tested with. */
export const NATIVE_TEST_THREADS = [1, 2, 4] as const;
const KINDS: readonly BackendKind[] = ['ref', 'native', 'wasm'];

let loaded: Promise<TestBackendsReturnType> | undefined;

/**
 * The backends the tests hold to ref's bits: ref; native for every ISA this CPU runs × 1, 2 and 4
 * threads; wasm. Native and wasm are required (`npm install` builds native, the wasm module is committed):
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
    throw new EngineError('INVALID_ARGUMENT', `${TEST_BACKENDS_ENV} is ${JSON.stringify(value)}; expected a comma-separated subset of ${KINDS.join(', ')}`, {
      details: { input: TEST_BACKENDS_ENV, value, unknown },
    });
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
        backends.push({ name: `native/${isa}/${threads}t`, kind: 'native', copy: `native/${isa}`, backend: r.backend, poly: r.host.poly, isa, threads });
      }
    }
  }
  if (kinds.includes('wasm')) {
    const r = await loadWasmBackendNode();
    if (r.ok) backends.push({ name: 'wasm', kind: 'wasm', copy: 'wasm', backend: r.backend, poly: r.host.poly });
    else throw unavailable('wasm', r.reason);
  }
  for (const note of notes) console.warn(`backends under test: ${note}`);
  return { backends, notes };
}
