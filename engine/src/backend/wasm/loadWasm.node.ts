import type { Backend } from '../backend';

export type WasmLoadResult = { ok: true; backend: Backend; description: string } | { ok: false; reason: string };

/** Instantiates the committed WebAssembly kernels (engine/wasm). Placeholder until the module lands. */
export async function loadWasmBackendNode(): Promise<WasmLoadResult> {
  return { ok: false, reason: 'the wasm module is not built yet' };
}
