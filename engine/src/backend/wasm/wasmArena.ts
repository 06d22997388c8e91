import { EngineError } from '../../errors';

type Data = Float32Array | Int32Array | Uint32Array | Uint8Array;

/** How a placed array travels: copied into the module before the call, back out after it, or both. */
export type Transfer = 'in' | 'out' | 'inout';

interface Placed {
  readonly data: Data;
  readonly address: number;
  copyIn: boolean;
  copyOut: boolean;
}

/** One call's layout in the module's memory (see WasmArena.frame). */
export interface WasmFrame {
  /** Reserves room for `data` and returns its address; the same view placed twice gets one address. */
  place(data: Data, transfer: Transfer): number;
  /** Reserves `bytes` of scratch the kernel may overwrite; returns its address. */
  scratch(bytes: number): number;
  /** Grows the memory to hold the frame, copies the inputs in, calls `kernel`, copies the outputs back. */
  run<T>(kernel: () => T): T;
}

export interface WasmArena {
  /** Starts a call's layout at the bottom of the arena: every buffer of the previous call is free again. */
  frame(): WasmFrame;
  /** Bytes of linear memory now (it grows as calls need and never shrinks). */
  memoryBytes(): number;
}

const PAGE_BYTES = 65536;
/** wasm32 addresses are 32 bits: 65536 pages of 64 KiB. */
const MAX_PAGES = 65536;
/** Every buffer starts on a 64-byte boundary (a cache line; SIMD loads need no more). */
const ALIGN = 64;

const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/**
 * A bump arena in the linear memory above `base` (the module's __heap_base). Each host call lays out its
 * arrays and scratch from the bottom, so memory holds one call at a time: it grows to the largest call
 * seen (by at least half again, so a run of slightly larger calls does not grow it every time) and is
 * reused by every later one. The module allocates nothing itself.
 */
export function createWasmArena(memory: WebAssembly.Memory, base: number): WasmArena {
  const bottom = alignUp(base);
  // Whole-memory views, remade only when growing replaces memory.buffer.
  let views: Map<unknown, Data> = new Map();
  let viewsOf: ArrayBuffer | undefined;

  function ensure(end: number): void {
    const have = memory.buffer.byteLength / PAGE_BYTES;
    const need = Math.ceil(end / PAGE_BYTES);
    if (need <= have) return;
    if (need > MAX_PAGES) {
      throw new EngineError(
        'UNSUPPORTED',
        `wasm backend: one call needs ${end} bytes of memory, more than a wasm32 module can address (4 GiB)`,
        {
          details: { bytes: end },
        },
      );
    }
    const geometric = Math.min(MAX_PAGES, Math.max(need, Math.ceil(have * 1.5)));
    try {
      memory.grow(geometric - have);
    } catch {
      try {
        memory.grow(need - have);
      } catch (e) {
        throw new EngineError(
          'UNSUPPORTED',
          `wasm backend: the memory could not grow to ${end} bytes (${(e as Error).message})`,
          {
            details: { bytes: end },
            cause: e,
          },
        );
      }
    }
  }

  /** The module's memory as an array of `data`'s element type. */
  function memoryAs(data: Data): Data {
    if (viewsOf !== memory.buffer) {
      viewsOf = memory.buffer;
      views = new Map();
    }
    let v = views.get(data.constructor);
    if (!v) {
      v = new (data.constructor as new (buffer: ArrayBuffer) => Data)(viewsOf);
      views.set(data.constructor, v);
    }
    return v;
  }

  // One frame object, reset per call: calls are synchronous, so only one is ever being laid out.
  let top = bottom;
  const placed: Placed[] = [];
  const reserve = (bytes: number): number => {
    const address = top;
    top = alignUp(top + bytes);
    return address;
  };
  const frame: WasmFrame = {
    place(data, transfer) {
      const copyIn = transfer !== 'out';
      const copyOut = transfer !== 'in';
      // An output that is also an input (elementwise `out` aliasing `a`, in-place optimizer state) is one
      // buffer in the module, as it is in the caller's memory.
      const same = placed.find(
        (p) =>
          p.data.buffer === data.buffer &&
          p.data.byteOffset === data.byteOffset &&
          p.data.length === data.length &&
          p.data.constructor === data.constructor,
      );
      if (same) {
        same.copyIn ||= copyIn;
        same.copyOut ||= copyOut;
        return same.address;
      }
      const address = reserve(data.byteLength);
      placed.push({ data, address, copyIn, copyOut });
      return address;
    },
    scratch: reserve,
    run(kernel) {
      ensure(top);
      for (const p of placed)
        if (p.copyIn && p.data.length > 0) memoryAs(p.data).set(p.data, p.address / p.data.BYTES_PER_ELEMENT);
      const result = kernel();
      for (const p of placed) {
        if (!p.copyOut || p.data.length === 0) continue;
        const at = p.address / p.data.BYTES_PER_ELEMENT;
        p.data.set(memoryAs(p.data).subarray(at, at + p.data.length));
      }
      return result;
    },
  };

  return {
    memoryBytes: () => memory.buffer.byteLength,
    frame() {
      top = bottom;
      placed.length = 0;
      return frame;
    },
  };
}
