import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CudaAddon } from './cudaAddon';
import { createCudaBackend, type CudaBackend } from './createCudaBackend';

/** Where `npm install` builds the addon (engine/scripts/buildNative.mjs); VERITRAIN_CUDA_ADDON points elsewhere. */
export const CUDA_ADDON_PATH =
  process.env.VERITRAIN_CUDA_ADDON ||
  fileURLToPath(new URL('../../../cuda/build/Release/vtcuda.node', import.meta.url));
/** The committed kernel image (npm run build:cuda -w engine). */
export const CUDA_FATBIN_PATH = fileURLToPath(new URL('../../../cuda/vtf32.fatbin', import.meta.url));

/** A CUDA backend could not be had: `CUDA_UNAVAILABLE` and the driver's (or the loader's) reason. */
export type CudaUnavailable = { ok: false; code: 'CUDA_UNAVAILABLE'; reason: string };
export type CudaLoadResult = { ok: true; backend: CudaBackend; description: string } | CudaUnavailable;

export type CudaOptions = {
  /** Run the CUDA kernels on the host emulator instead of a GPU (tests; never chosen by `auto`). */
  emulate?: boolean;
  /** Device ordinal (default 0, or VERITRAIN_CUDA_DEVICE). */
  device?: number;
};

let addonLoaded: { addon: CudaAddon } | { error: string } | undefined;
let opened: { mode: 'cuda' | 'emulator'; result: CudaLoadResult } | undefined;

function loadAddon(): { addon: CudaAddon } | { error: string } {
  if (addonLoaded) return addonLoaded;
  if (!existsSync(CUDA_ADDON_PATH)) {
    addonLoaded = {
      error: `the CUDA addon was not built (${CUDA_ADDON_PATH} is missing; run \`npm run build:native -w engine\`, which needs a C++ compiler)`,
    };
  } else {
    try {
      addonLoaded = { addon: createRequire(import.meta.url)(CUDA_ADDON_PATH) as CudaAddon };
    } catch (e) {
      addonLoaded = { error: `the CUDA addon at ${CUDA_ADDON_PATH} did not load: ${(e as Error).message}` };
    }
  }
  return addonLoaded;
}

const unavailable = (reason: string): CudaUnavailable => ({ ok: false, code: 'CUDA_UNAVAILABLE', reason });

/** Whether a CUDA device answers (no context is created): `auto` asks this before it picks cuda. */
export function probeCuda(): { available: true; device: string } | CudaUnavailable {
  const r = loadAddon();
  if ('error' in r) return unavailable(r.error);
  try {
    const p = r.addon.probe();
    return p.available ? { available: true, device: p.device } : unavailable(p.reason);
  } catch (e) {
    return unavailable((e as Error).message);
  }
}

/**
 * The CUDA backend: opens the first (or the given) GPU through the driver and loads the committed kernel
 * image, or, with `emulate`, runs the same kernels on the host emulator. Never throws: a machine without a
 * driver or a device is `{ ok: false, code: 'CUDA_UNAVAILABLE', reason }` with the driver's reason. One
 * backend per process (the addon holds one device context per JavaScript environment): later calls return
 * the same one, and asking for the other mode is refused with the reason.
 */
export function loadCudaBackend(options: CudaOptions = {}): CudaLoadResult {
  const mode = options.emulate ? 'emulator' : 'cuda';
  if (opened) {
    if (opened.mode === mode || !opened.result.ok) return opened.mode === mode ? opened.result : open(mode, options);
    return unavailable(`this process already opened the CUDA addon as the ${opened.mode}`);
  }
  return open(mode, options);
}

function open(mode: 'cuda' | 'emulator', options: CudaOptions): CudaLoadResult {
  const r = loadAddon();
  if ('error' in r) return unavailable(r.error);
  const { addon } = r;
  let result: CudaLoadResult;
  try {
    let device: string;
    if (mode === 'emulator') {
      device = addon.open('emulator');
    } else {
      const probe = probeCuda();
      if (!('available' in probe)) return probe;
      let image: Uint8Array;
      try {
        image = new Uint8Array(readFileSync(CUDA_FATBIN_PATH));
      } catch (e) {
        return unavailable(
          `${CUDA_FATBIN_PATH} could not be read (${(e as Error).message}); rebuild it with \`npm run build:cuda -w engine\``,
        );
      }
      const ordinal = options.device ?? Number(process.env.VERITRAIN_CUDA_DEVICE ?? 0);
      device = addon.open('cuda', image, ordinal);
    }
    const backend = createCudaBackend(addon, { device, emulated: mode === 'emulator' });
    result = { ok: true, backend, description: `${backend.name} (${device})` };
  } catch (e) {
    result = unavailable((e as Error).message);
  }
  opened = { mode, result };
  return result;
}
