import { EngineError } from '../../errors';
import { createWasmBackend, type WasmBackend } from './createWasmBackend';
import { wasmModuleUrl } from './wasmModuleUrl';

/**
 * The wasm backend in a browser (or any runtime with fetch): fetches the module, by default the committed
 * one next to the engine's sources (wasmModuleUrl()), and instantiates it. Rejects with
 * EngineError('BACKEND_UNAVAILABLE') naming the URL and the reason (HTTP status, no WebAssembly SIMD, …).
 */
export async function loadWasmBackendFromUrl(url: string | URL = wasmModuleUrl()): Promise<WasmBackend> {
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    bytes = await response.arrayBuffer();
  } catch (e) {
    throw unavailable(url, `could not be fetched: ${(e as Error).message}`, e);
  }
  try {
    return await createWasmBackend(bytes);
  } catch (e) {
    throw unavailable(
      url,
      `did not compile or instantiate (does this runtime have WebAssembly SIMD?): ${(e as Error).message}`,
      e,
    );
  }
}

function unavailable(url: string | URL, reason: string, cause: unknown): EngineError {
  return new EngineError('BACKEND_UNAVAILABLE', `the wasm module at ${String(url)} ${reason}`, {
    details: { url: String(url) },
    cause,
  });
}
