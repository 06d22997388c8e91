import { EngineError } from '../../errors';
import type { Backend } from '../backend';
import type { TensorMembers } from '../hostTensors';
import { createKernelBackend } from '../kernel/createKernelBackend';
import { createTensorScopes } from '../tensorScopes';
import { checkDim, checkLength, type TensorKit } from '../ref/checks';
import { OP, UNARY, type CudaAddon, type CudaStats } from './cudaAddon';
import { cudaKernelHost } from './cudaKernelHost';
import { CudaTensor, cudaTensorsOverlap, tensorId, type HostOrigin } from './cudaTensor';

export interface CudaBackend extends Backend<CudaTensor> {
  /** 'cuda' on a GPU; 'cuda-emulator' when the kernels run on the host (tests). */
  readonly name: 'cuda' | 'cuda-emulator';
  /** What the kernels run on: "NVIDIA H200 (sm_90, driver 13.0)" or the emulator. */
  readonly device: string;
  readonly emulated: boolean;
  /** The kit the argument checks use (alloc: a new scoped tensor; overlaps: the same tensor or overlapping host origins). */
  readonly kit: TensorKit<CudaTensor>;
  /** A tensor mirroring a host view (the host adapter uses it, so its overlap checks match the host's). */
  uploadView(data: Float32Array): CudaTensor;
  /** Device memory, transfers and launches so far (the addon's counters). */
  stats(): CudaStats;
  /** The device's own exp/log/tanh (op 0, 1, 2) of one value (tests). */
  poly(op: number, x: number): number;
  /** The same over an array, in one launch (tests). */
  polyMany(op: number, x: Float32Array): Float32Array;
  /** Waits for every launched kernel (errors of asynchronous launches surface here). */
  synchronize(): void;
  /**
   * The no-FMA ceiling probe (bench): `blocks` blocks of 256 threads, each running 4 add and 4 multiply
   * chains (8 separately rounded operations) for `iterations` rounds; returns when it is done.
   */
  ceilingProbe(iterations: number, blocks: number): void;
}

/** Turns an addon error (its `code` is the VtError's) into an EngineError naming the backend. */
function engineError(name: string, e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  const engineCode =
    code === 'SHAPE_MISMATCH' || code === 'INVALID_ARGUMENT'
      ? code
      : code === 'CUDA_UNAVAILABLE'
        ? 'BACKEND_UNAVAILABLE'
        : 'DEVICE_ERROR';
  return new EngineError(engineCode, `${name}: ${message}`, { details: { backend: name, code }, cause: e });
}

/**
 * The CUDA backend over an opened addon: tensors are device buffers behind handles, the kernels are the
 * CUDA kernels (vtf32_kernels.cu), every call is checked with ref's checks first. Tensor lifetime follows
 * Backend's rules: scopes free what they created, `keep` hands a tensor to the enclosing scope, and a
 * tensor the program drops without `release` outside every scope is freed when it is garbage collected.
 */
export function createCudaBackend(addon: CudaAddon, options: { device: string; emulated: boolean }): CudaBackend {
  const name = options.emulated ? 'cuda-emulator' : 'cuda';
  const live = new Set<CudaTensor>();
  const collected = new FinalizationRegistry<number>((id) => {
    try {
      addon.release(id);
    } catch {
      // the addon is gone with its environment: nothing left to free
    }
  });
  const guard = <R>(fn: () => R): R => {
    try {
      return fn();
    } catch (e) {
      throw engineError(name, e);
    }
  };

  function track(id: number, length: number, origin?: HostOrigin): CudaTensor {
    const t = new CudaTensor(id, length, origin);
    live.add(t);
    collected.register(t, id, t);
    return scopes.adopt(t);
  }
  const scopes = createTensorScopes<CudaTensor>(name, (t) => free(t));
  function free(t: CudaTensor): void {
    if (!live.delete(t)) return;
    collected.unregister(t);
    addon.release(t.id);
  }
  function own(t: CudaTensor): CudaTensor {
    tensorId(name, t);
    if (!live.has(t)) {
      throw new EngineError('INVALID_ARGUMENT', `${name}: tensor #${t.id} was released or belongs to another backend`, {
        details: { backend: name, id: t.id },
      });
    }
    return t;
  }

  const kit: TensorKit<CudaTensor> = {
    alloc: (length) => guard(() => track(addon.create(length, true), length)),
    overlaps: cudaTensorsOverlap,
  };
  const host = cudaKernelHost(addon, name);
  // Every kernel argument must be a live tensor of this backend before the addon sees its handle.
  const checkedHost = Object.fromEntries(
    Object.entries(host).map(([key, fn]) => [
      key,
      (...a: unknown[]) => {
        for (const x of a) if (x instanceof CudaTensor) own(x);
        return guard(() => (fn as (...args: unknown[]) => unknown)(...a));
      },
    ]),
  ) as unknown as typeof host;

  const tensors: Pick<Backend<CudaTensor>, TensorMembers> = {
    residency: 'device',
    upload: (data) => guard(() => track(addon.upload(data), data.length)),
    download(t, out) {
      own(t);
      const target = out ?? new Float32Array(t.length);
      if (out !== undefined) checkLength('download', 'out', out, t.length);
      guard(() => addon.download(t.id, target));
      return target;
    },
    zeros(length) {
      checkDim('zeros', 'length', length);
      return kit.alloc(length);
    },
    release: free,
    scope: (fn) => scopes.scope(fn),
    keep: (t) => scopes.keep(own(t)),
    allFinite: (t) => guard(() => addon.op(OP.countNonFinite, Float64Array.of(own(t).id, t.length)) === 0),
  };

  const kernels = createKernelBackend<CudaTensor>(name, checkedHost, tensors, kit);
  return {
    ...kernels,
    name,
    device: options.device,
    emulated: options.emulated,
    kit,
    uploadView: (data) =>
      guard(() =>
        track(addon.upload(data), data.length, {
          buffer: data.buffer,
          byteOffset: data.byteOffset,
          byteLength: data.byteLength,
        }),
      ),
    stats: () => addon.stats(),
    poly: (op, x) => guard(() => host.poly(op, x)),
    polyMany: (op, x) =>
      guard(() => {
        const id = addon.upload(x);
        try {
          addon.op(OP.unary, Float64Array.of(UNARY.exp + op, id, id, x.length));
          const out = new Float32Array(x.length);
          addon.download(id, out);
          return out;
        } finally {
          addon.release(id);
        }
      }),
    synchronize: () => guard(() => addon.sync()),
    ceilingProbe: (iterations, blocks) =>
      guard(() => void addon.op(OP.probe, Float64Array.of(iterations, blocks, 1.0001))),
  };
}
