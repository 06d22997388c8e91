import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend';
import { createKernelBackend } from '../kernel/createKernelBackend';
import type { KernelHost } from '../kernel/kernelHost';

export type NativeLoadResult =
  | {
      ok: true;
      backend: Backend;
      /** The kernels under the backend, with this backend's ISA and threads (tests reach `poly` through it). */
      host: KernelHost;
      description: string;
      isa: string;
      threads: number;
    }
  | { ok: false; reason: string };

export type NativeOptions = {
  /** Threads that compute (the caller's included); default: the machine's available parallelism. */
  threads?: number;
  /** Instruction set: 'avx512', 'avx2', 'sse2' (x86) or 'best' (default; VERITRAIN_NATIVE_ISA overrides). */
  isa?: string;
};

/** The addon's own controls besides the kernels (engine/native/src/addon.c). */
type Addon = KernelHost & {
  setIsa(name: string): boolean;
  isa(): string;
  isas(): string[];
  setThreads(n: number): number;
  threads(): number;
  /** keccak256 of each 64-byte block of src into dst (32 bytes each): positional-tree nodes (src/trace). */
  keccak256Blocks64?(src: Uint8Array, dst: Uint8Array): void;
};

/**
 * Where `npm install` builds the addon (node-gyp, engine/scripts/buildNative.mjs); VERITRAIN_NATIVE_ADDON
 * points elsewhere (another build, or a missing file to see the fallback).
 */
export const NATIVE_ADDON_PATH =
  process.env.VERITRAIN_NATIVE_ADDON ||
  fileURLToPath(new URL('../../../native/build/Release/vtf32.node', import.meta.url));

let cached: { addon: Addon } | { error: string } | undefined;
/**
 * The backend whose ISA and thread count the addon holds now: a call from that backend costs no settings
 * call. (Code that calls the addon's setIsa/setThreads directly, as the bench's probe does, restores them.)
 */
let settingsOwner: object | undefined;

function loadAddon(): { addon: Addon } | { error: string } {
  if (cached) return cached;
  if (!existsSync(NATIVE_ADDON_PATH)) {
    cached = {
      error: `the addon was not built (${NATIVE_ADDON_PATH} is missing; run \`npm run build:native -w engine\`, which needs a C compiler)`,
    };
    return cached;
  }
  try {
    cached = { addon: createRequire(import.meta.url)(NATIVE_ADDON_PATH) as Addon };
  } catch (e) {
    cached = { error: `the addon at ${NATIVE_ADDON_PATH} did not load: ${(e as Error).message}` };
  }
  return cached;
}

/**
 * The addon's keccak256 of 64-byte blocks, the hasher of the positional trees (`buildPositionalTree`'s
 * `hashBlocks`: same bytes as the JavaScript one, several times faster), or undefined without the addon (or with
 * an addon built before it had one).
 */
export function nativeHashBlocks64(): ((src: Uint8Array, dst: Uint8Array) => void) | undefined {
  const r = loadAddon();
  if (!('addon' in r) || typeof r.addon.keccak256Blocks64 !== 'function') return undefined;
  const addon = r.addon;
  return (src, dst) => addon.keccak256Blocks64!(src, dst);
}

/** Instruction sets this CPU runs, best last (e.g. ['sse2', 'avx2']); [] when the addon is not there. */
export function nativeIsas(): string[] {
  const r = loadAddon();
  return 'addon' in r ? r.addon.isas() : [];
}

/**
 * The native backend: the Node-API addon over the VT-F32 kernels, in place on the caller's arrays. The
 * addon is one per process; each backend object keeps its own ISA and thread count and applies them
 * before its calls, so backends with different settings can be used side by side (tests do).
 */
export function loadNativeBackend(options: NativeOptions = {}): NativeLoadResult {
  const r = loadAddon();
  if ('error' in r) return { ok: false, reason: r.error };
  const { addon } = r;
  const isaWanted = options.isa ?? process.env.VERITRAIN_NATIVE_ISA ?? 'best';
  const previousIsa = addon.isa();
  if (!addon.setIsa(isaWanted)) {
    return {
      ok: false,
      reason: `instruction set ${JSON.stringify(isaWanted)} is not available on this CPU (it has ${addon.isas().join(', ')})`,
    };
  }
  const isa = addon.isa();
  addon.setIsa(previousIsa);
  const threads = Math.max(1, Math.min(256, Math.floor(options.threads ?? availableParallelism())));
  const owner = {};
  const apply = () => {
    if (settingsOwner === owner) return;
    addon.setIsa(isa);
    addon.setThreads(threads);
    settingsOwner = owner;
  };
  const host = {} as KernelHost;
  for (const key of Object.keys(addon) as (keyof Addon)[]) {
    const fn = addon[key] as (...args: unknown[]) => unknown;
    (host as unknown as Record<string, unknown>)[key] = (...args: unknown[]) => {
      apply();
      return fn(...args);
    };
  }
  const backend = createKernelBackend('native', host);
  return {
    ok: true,
    backend,
    host,
    description: `native (${isa}, ${threads} thread${threads === 1 ? '' : 's'})`,
    isa,
    threads,
  };
}
