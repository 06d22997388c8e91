import { EngineError } from '../errors';
import type { Backend } from './backend';
import type { BackendChoice } from './choice';
import { loadNativeBackend } from './native/loadNative.node.js';
import { refBackend } from './ref/index';
import { loadWasmBackendNode } from './wasm/loadWasm.node.js';

export type LoadBackendOptions = {
  /** Worker threads for the native backend (default: the machine's cores); results are the same for any count. */
  threads?: number;
};

export type LoadedBackend = {
  backend: Backend;
  /** What was asked for. */
  requested: BackendChoice;
  /** The backends `auto` tried before this one, and why each could not load. */
  skipped: { name: 'native' | 'wasm'; reason: string }[];
  /** One line for the start-up log: name, ISA and threads where they apply. */
  description: string;
};

type Attempt = { ok: true; backend: Backend; description: string } | { ok: false; reason: string };

async function attempt(name: 'native' | 'wasm', options: LoadBackendOptions): Promise<Attempt> {
  if (name === 'native') {
    const r = loadNativeBackend({ threads: options.threads });
    return r.ok ? { ok: true, backend: r.backend, description: r.description } : r;
  }
  const r = await loadWasmBackendNode();
  return r.ok ? { ok: true, backend: r.backend, description: r.description } : r;
}

/**
 * The backend a node computes with. `ref` always loads; `native` and `wasm` fail with
 * EngineError('BACKEND_UNAVAILABLE') naming the reason; `auto` takes the first of native, wasm, ref that
 * loads and reports what it skipped (callers log it). Every backend gives the same bits.
 */
export async function loadBackend(choice: BackendChoice, options: LoadBackendOptions = {}): Promise<LoadedBackend> {
  if (choice === 'ref') return { backend: refBackend, requested: choice, skipped: [], description: 'ref (TypeScript)' };
  if (choice === 'native' || choice === 'wasm') {
    const r = await attempt(choice, options);
    if (!r.ok) {
      throw new EngineError('BACKEND_UNAVAILABLE', `the ${choice} backend is unavailable: ${r.reason}`, {
        details: { backend: choice, reason: r.reason },
      });
    }
    return { backend: r.backend, requested: choice, skipped: [], description: r.description };
  }
  const skipped: LoadedBackend['skipped'] = [];
  for (const name of ['native', 'wasm'] as const) {
    const r = await attempt(name, options);
    if (r.ok) return { backend: r.backend, requested: choice, skipped, description: r.description };
    skipped.push({ name, reason: r.reason });
  }
  return { backend: refBackend, requested: choice, skipped, description: 'ref (TypeScript)' };
}
