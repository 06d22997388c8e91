/**
 * What the CUDA backend's addon (engine/cuda/src/addon.cc) offers JavaScript. Tensors are integer handles
 * into the addon's table of device buffers; `op` runs one kernel family with its numeric arguments (the
 * order is the addon's, see OP below and vt_ops.cc). Every failure throws an Error whose `code` is one of
 * CUDA_UNAVAILABLE, CUDA_ERROR, OUT_OF_MEMORY, SHAPE_MISMATCH, INVALID_ARGUMENT, KERNEL_FAILED.
 */
export interface CudaAddon {
  /** Whether a CUDA device answers, without creating a context. */
  probe(): { available: boolean; reason: string; device: string };
  /** Opens the device (with the kernel image) or the host emulator; returns a description of it. */
  open(mode: 'cuda', fatbin: Uint8Array, ordinal?: number): string;
  open(mode: 'emulator'): string;
  create(length: number, zero?: boolean): number;
  upload(data: Float32Array): number;
  write(id: number, data: Float32Array): void;
  download(id: number, out: Float32Array): void;
  release(id: number): void;
  op(code: number, args: Float64Array): number;
  gather(table: number, ids: Int32Array, out: number, dim: number): void;
  scatter(dOut: number, ids: Int32Array, out: number, vocab: number, dim: number): void;
  crossEntropy(logits: number, targets: Int32Array, dlogits: number, rows: number, cols: number): number;
  sync(): void;
  trim(): void;
  stats(): CudaStats;
}

export type CudaStats = {
  /** Live tensors and the bytes they hold (allocation granularity included). */
  live: number;
  liveBytes: number;
  peakBytes: number;
  /** Freed buffers kept for reuse (a step allocates the same sizes every time). */
  cachedBytes: number;
  launches: number;
  uploadedBytes: number;
  downloadedBytes: number;
};

/** Op codes of CudaAddon.op (enum VtOp in vt_ops.h). */
export const OP = {
  gemm: 0,
  binary: 1,
  scalar: 2,
  unary: 3,
  unaryBackward: 4,
  sgd: 5,
  adamw: 6,
  addRowVector: 7,
  softmax: 8,
  softmaxBackward: 9,
  layerNorm: 10,
  layerNormBackward: 11,
  sumRows: 12,
  sum: 13,
  transpose: 14,
  swapAxes12: 15,
  countNonFinite: 16,
  probe: 17,
} as const;

/** Unary op codes: Backend kernels 0–2, then the protocol polynomials (tests). */
export const UNARY = { sqrt: 0, relu: 1, gelu: 2, exp: 3, log: 4, tanh: 5 } as const;
