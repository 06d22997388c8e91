/**
 * Where the committed module (engine/wasm/vtf32.wasm) is, relative to this file. Bundlers that understand
 * `new URL('…', import.meta.url)` (Vite) copy the module into the build and rewrite this to its URL.
 */
export function wasmModuleUrl(): URL {
  return new URL('../../../wasm/vtf32.wasm', import.meta.url);
}
