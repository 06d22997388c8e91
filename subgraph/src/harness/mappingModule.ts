import { readFileSync } from 'node:fs';
import { SubgraphError } from '../manifest/subgraphError';
import { AscMemory, type MappingExports } from './ascMemory';
import type { EntityStore } from './entityStore';
import { writeEthereumEvent, type EventInput } from './ethereumEvent';
import { hostImports, type HostLog } from './hostImports';

export type MappingModule = {
  /** Handler names the module exports. */
  handlers: string[];
  /** Runs one handler on one event, as graph-node does: a fresh instance per trigger, `_start` first. */
  handle(handler: string, event: EventInput): void;
};

/** Compiles a built mapping (build/<Name>/<Name>.wasm) once; each event then runs in its own instance. */
export function loadMappingModule(wasmFile: string, store: EntityStore, log?: HostLog): MappingModule {
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  const handlers = WebAssembly.Module.exports(module)
    .map((e) => e.name)
    .filter((n) => n.startsWith('handle'));
  return {
    handlers,
    handle(handler, event) {
      let mem: AscMemory | undefined;
      const instance = new WebAssembly.Instance(
        module,
        hostImports(() => mem!, store, log),
      );
      const exports = instance.exports as unknown as MappingExports & Record<string, unknown>;
      mem = new AscMemory(exports);
      exports._start();
      const fn = exports[handler];
      if (typeof fn !== 'function')
        throw new SubgraphError('UNKNOWN_EVENT', `${wasmFile} exports no handler ${handler}`);
      (fn as (ptr: number) => void)(writeEthereumEvent(mem, event));
    },
  };
}
