// The page's wasm backend in Node tests (Node only: reads the module file): the same engine/wasm/vtf32.wasm the
// page fetches from wasmModuleUrl(), through the page's chooseEngineBackend. A module that does not load fails
// the test instead of falling back to ref.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createWasmBackend } from '@veritrain/engine';
import { chooseEngineBackend, type EngineBackend } from '../engineBackend';

// By path, not wasmModuleUrl(): under happy-dom, vitest rewrites `new URL(…, import.meta.url)` to a dev-server URL.
const modulePath = path.resolve(import.meta.dirname, '../../../../engine/wasm/vtf32.wasm');

export async function wasmEngine(): Promise<EngineBackend> {
  const engine = await chooseEngineBackend(() => createWasmBackend(readFileSync(modulePath)));
  if (engine.name !== 'wasm') throw new Error(`the wasm backend did not load: ${engine.fallbackReason}`);
  return engine;
}
