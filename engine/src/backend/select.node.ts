import { EngineError } from '../errors';
import type { Backend, TensorLike } from './backend';
import type { BackendChoice } from './choice';
import { loadCudaBackend, probeCuda } from './cuda/loadCuda.node.js';
import { loadNativeBackend } from './native/loadNative.node.js';
import { refBackend } from './ref/index';
import { loadWasmBackendNode } from './wasm/loadWasm.node.js';

export type LoadBackendOptions = {
  /** Worker threads for the native backend (default: the machine's cores); results are the same for any count. */
  threads?: number;
};

type Compiled = 'cuda' | 'native' | 'wasm';

export type LoadedBackend = {
  /** Host backends compute on Float32Arrays; cuda's tensors live on the GPU (the train loop handles both). */
  backend: Backend<TensorLike>;
  /** What was asked for. */
  requested: BackendChoice;
  /** The backends `auto` tried before this one, and why each could not load. */
  skipped: { name: Compiled; reason: string }[];
  /** One line for the start-up log: name, device or ISA and threads where they apply. */
  description: string;
};

type Attempt = { ok: true; backend: Backend<TensorLike>; description: string } | { ok: false; reason: string };

async function attempt(name: Compiled, options: LoadBackendOptions): Promise<Attempt> {
  if (name === 'cuda') {
    const r = loadCudaBackend();
    return r.ok
      ? { ok: true, backend: r.backend, description: r.description }
      : { ok: false, reason: `${r.code}: ${r.reason}` };
  }
  if (name === 'native') {
    const r = loadNativeBackend({ threads: options.threads });
    return r.ok ? { ok: true, backend: r.backend, description: r.description } : r;
  }
  const r = await loadWasmBackendNode();
  return r.ok ? { ok: true, backend: r.backend, description: r.description } : r;
}

/**
 * The backend a node computes with. `ref` always loads; `cuda`, `native` and `wasm` fail with
 * EngineError('BACKEND_UNAVAILABLE') naming the reason (for cuda: CUDA_UNAVAILABLE and the driver's
 * reason); `auto` takes the first of cuda (tried only when the driver answers with a GPU), native, wasm,
 * ref that loads and reports what it tried and skipped (callers log it). Every backend gives the same bits.
 */
export async function loadBackend(choice: BackendChoice, options: LoadBackendOptions = {}): Promise<LoadedBackend> {
  if (choice === 'ref') return { backend: refBackend, requested: choice, skipped: [], description: 'ref (TypeScript)' };
  if (choice !== 'auto') {
    const r = await attempt(choice, options);
    if (!r.ok) {
      throw new EngineError('BACKEND_UNAVAILABLE', `the ${choice} backend is unavailable: ${r.reason}`, {
        details: { backend: choice, reason: r.reason },
      });
    }
    return { backend: r.backend, requested: choice, skipped: [], description: r.description };
  }
  const skipped: LoadedBackend['skipped'] = [];
  const probe = probeCuda();
  // No GPU is the normal case on a CPU machine: cuda is tried (and reported if it fails) only when the
  // driver answers with a device.
  const order: Compiled[] = 'available' in probe ? ['cuda', 'native', 'wasm'] : ['native', 'wasm'];
  for (const name of order) {
    const r = await attempt(name, options);
    if (r.ok) return { backend: r.backend, requested: choice, skipped, description: r.description };
    skipped.push({ name, reason: r.reason });
  }
  return { backend: refBackend, requested: choice, skipped, description: 'ref (TypeScript)' };
}
