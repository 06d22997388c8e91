import type { Backend } from '../backend';
import { createKernelBackend } from '../kernel/createKernelBackend';
import type { KernelHost } from '../kernel/kernelHost';
import { createWasmHost } from './createWasmHost';

/** The wasm backend, with what the tests look at underneath it. */
export interface WasmBackend extends Backend {
  /** The kernels under the backend (their `poly` is the module's own exp/log/tanh). */
  readonly kernels: KernelHost;
  /** Bytes of the module's linear memory now: it grows to the largest call so far and never shrinks. */
  wasmMemoryBytes(): number;
}

/**
 * The wasm backend ('wasm') over a compiled engine/wasm/vtf32.wasm (or its bytes): one instance with its
 * own memory, SIMD128, one thread, shapes checked as ref checks them. Browser-safe; Node callers use
 * loadWasmBackendNode, browsers loadWasmBackendFromUrl. Rejects where the runtime cannot compile the
 * module (no WebAssembly SIMD).
 */
export async function createWasmBackend(module: WebAssembly.Module | BufferSource): Promise<WasmBackend> {
  const instance =
    module instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(module, {})
      : (await WebAssembly.instantiate(module, {})).instance;
  const { host, arena } = createWasmHost(instance);
  return { ...createKernelBackend('wasm', host), kernels: host, wasmMemoryBytes: arena.memoryBytes };
}
