import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntityStore } from '../src/harness/entityStore';
import { hostImports } from '../src/harness/hostImports';
import { loadSchemaModel } from '../src/harness/schemaModel';

// If a mapping starts to use a host function the harness lacks, this fails before any flow runs.
describe('harness host functions', () => {
  const provided = hostImports(() => {
    throw new Error('not called');
  }, new EntityStore(loadSchemaModel()));
  for (const name of ['Coordinator', 'DisputeCourt']) {
    it(`cover every import of ${name}.wasm`, () => {
      const wasm = new WebAssembly.Module(
        readFileSync(path.resolve(import.meta.dirname, '..', 'build', name, `${name}.wasm`)),
      );
      const missing = WebAssembly.Module.imports(wasm).filter(
        (i) => typeof provided[i.module]?.[i.name] !== 'function',
      );
      expect(missing).toEqual([]);
    });
  }
});
