import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm test` runs `graph codegen && graph build` first; this checks what graph-node would load.
const root = path.resolve(import.meta.dirname, '..');
const manifest = readFileSync(path.join(root, 'build', 'subgraph.yaml'), 'utf8');

describe('graph build output', () => {
  for (const name of ['Coordinator', 'DisputeCourt']) {
    it(`${name}.wasm exports every handler the manifest names`, () => {
      const section = manifest.split('- kind: ethereum/contract').find((s) => s.includes(`name: ${name}\n`))!;
      const handlers = [...section.matchAll(/handler: (\w+)/g)].map((m) => m[1]);
      const wasm = new WebAssembly.Module(readFileSync(path.join(root, 'build', name, `${name}.wasm`)));
      const exported = new Set(WebAssembly.Module.exports(wasm).map((e) => e.name));
      expect(handlers.length).toBeGreaterThan(10);
      expect(handlers.filter((h) => !exported.has(h!))).toEqual([]);
    });
  }
});
