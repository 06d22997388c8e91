import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend';
import type { KernelHost } from '../kernel/kernelHost';
import { createWasmBackend } from './createWasmBackend';
import { wasmModuleUrl } from './wasmModuleUrl';

export type WasmLoadResult =
  | {
      ok: true;
      backend: Backend;
      /** The kernels under the backend (tests reach the module's own `poly` through it). */
      host: KernelHost;
      description: string;
    }
  | { ok: false; reason: string };

/** The committed module (built by `npm run build:wasm -w engine`). */
export const WASM_MODULE_PATH = fileURLToPath(wasmModuleUrl());

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * Instantiates the committed WebAssembly kernels (engine/wasm/vtf32.wasm): compiled once per process, one
 * instance (and memory) per backend. Never throws: a module that is missing or that this runtime cannot
 * compile (no WebAssembly SIMD) is `{ ok: false, reason }` naming the file and the error.
 */
export async function loadWasmBackendNode(): Promise<WasmLoadResult> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(WASM_MODULE_PATH));
  } catch (e) {
    return {
      ok: false,
      reason: `${WASM_MODULE_PATH} could not be read (${(e as Error).message}); rebuild it with \`npm run build:wasm -w engine\``,
    };
  }
  try {
    compiled ??= WebAssembly.compile(bytes);
    const backend = await createWasmBackend(await compiled);
    return { ok: true, backend, host: backend.kernels, description: 'wasm (SIMD128, 1 thread)' };
  } catch (e) {
    compiled = undefined;
    return {
      ok: false,
      reason: `${WASM_MODULE_PATH} did not compile or instantiate (${(e as Error).message}); does this runtime have WebAssembly SIMD?`,
    };
  }
}
