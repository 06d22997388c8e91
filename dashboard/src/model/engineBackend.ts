import { loadWasmBackendFromUrl, refBackend, type Backend } from '@veritrain/engine';

/** The backend the page's engine computes with, and why it is not wasm when it is not. */
export type EngineBackend =
  | { name: 'wasm'; backend: Backend }
  | { name: 'ref'; backend: Backend /** Why the wasm backend could not be loaded. */; fallbackReason: string };

/**
 * The wasm backend (the VT-F32 kernels as WebAssembly SIMD128: the same bits as ref, several times faster) when
 * `loadWasm` yields it, else the ref backend with the reason (no WebAssembly SIMD, the module not fetched). Both
 * compute the bits every validator computes, so falling back changes the speed, never a result.
 */
export async function chooseEngineBackend(loadWasm: () => Promise<Backend>): Promise<EngineBackend> {
  try {
    return { name: 'wasm', backend: await loadWasm() };
  } catch (err) {
    return { name: 'ref', backend: refBackend, fallbackReason: err instanceof Error ? err.message : String(err) };
  }
}

let shared: Promise<EngineBackend> | undefined;

/**
 * The page's engine backend, loaded once (the module is fetched from next to the bundle, wasmModuleUrl()) and
 * shared by everything in this thread that runs the engine: the model's predictions and text, and step
 * verification when it runs here rather than in a worker.
 */
export function loadEngineBackend(): Promise<EngineBackend> {
  shared ??= chooseEngineBackend(() => loadWasmBackendFromUrl());
  return shared;
}

/** How the panel names the backend: "wasm", or "ref (wasm unavailable: …)". */
export function describeEngineBackend(engine: EngineBackend): string {
  return engine.name === 'wasm' ? 'wasm' : `ref (wasm unavailable: ${engine.fallbackReason})`;
}
