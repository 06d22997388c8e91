import type { BatchedMatmulShape, BlockStrides, TensorLike } from '../backend';
import { EngineError } from '../../errors';

/**
 * What the argument checks need to know about a backend's tensors: how to allocate a result (+0
 * everywhere) and whether two tensors share storage. The checks below take one as their last argument,
 * `hostKit` by default, so a device backend runs exactly the same checks (and messages) on its handles.
 */
export type TensorKit<T extends TensorLike> = {
  /** A new tensor of `length` elements, +0 everywhere. */
  alloc(length: number): T;
  /** True when writing into a could change b: they share storage and their element ranges overlap. */
  overlaps(a: T, b: T): boolean;
};

/** Float32Arrays: fresh arrays; overlapping when they view the same buffer over overlapping byte ranges. */
export const hostKit: TensorKit<Float32Array> = {
  alloc: (length) => new Float32Array(length),
  overlaps: (a, b) => a.buffer === b.buffer && rangesOverlap(a, b),
};

/** The default kit of the generic checks: only a host backend (T = Float32Array) may leave it out. */
export function defaultKit<T extends TensorLike>(): TensorKit<T> {
  return hostKit as unknown as TensorKit<T>;
}

/** Throws INVALID_ARGUMENT unless `value` is a non-negative safe integer (a dimension). */
export function checkDim(op: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new EngineError('INVALID_ARGUMENT', `${op}: dimension ${name} is ${value}; expected a non-negative integer`, {
      details: { op, name, value },
    });
  }
}

/**
 * Dimensions that VT-F32 divides by (rows of a mean, cols of a layer norm) are converted to binary32,
 * which is exact only below 2^24: larger ones are rejected rather than silently rounded.
 */
export function checkDivisorDim(op: string, name: string, value: number): void {
  checkDim(op, name, value);
  if (value > 16777216) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${op}: ${name} is ${value}; expected at most 2^24 (it is used as a binary32 divisor)`,
      {
        details: { op, name, value },
      },
    );
  }
}

/** Throws SHAPE_MISMATCH unless `data.length === expected`. */
export function checkLength(op: string, name: string, data: TensorLike, expected: number): void {
  if (data.length !== expected) {
    throw new EngineError(
      'SHAPE_MISMATCH',
      `${op}: ${name} has length ${data.length}; expected ${expected} from the dimensions given`,
      { details: { op, name, length: data.length, expected } },
    );
  }
}

/** Returns `out` after checking its length, or a fresh zero-filled tensor of that length. */
export function outputArray<T extends TensorLike = Float32Array>(
  op: string,
  length: number,
  out: T | undefined,
  kit: TensorKit<T> = defaultKit(),
): T {
  if (out === undefined) return kit.alloc(length);
  checkLength(op, 'out', out, length);
  return out;
}

/** Throws INVALID_ARGUMENT unless every ids[r] is an integer in [0, limit). */
export function checkIndices(op: string, name: string, ids: ArrayLike<number>, limit: number): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (!Number.isInteger(id) || id < 0 || id >= limit) {
      throw new EngineError('INVALID_ARGUMENT', `${op}: ${name}[${r}] is ${id}; expected an integer in [0, ${limit})`, {
        details: { op, name, index: r, value: id, limit },
      });
    }
  }
}

/** Throws INVALID_ARGUMENT when out overlaps one of the inputs (kernels that read inputs after writing). */
export function checkNoAlias<T extends TensorLike = Float32Array>(
  op: string,
  out: T,
  inputs: readonly T[],
  kit: TensorKit<T> = defaultKit(),
): void {
  for (const input of inputs) {
    if (kit.overlaps(out, input)) {
      throw new EngineError('INVALID_ARGUMENT', `${op}: out overlaps an input; expected a separate output array`, {
        details: { op },
      });
    }
  }
}

function rangesOverlap(a: Float32Array, b: Float32Array): boolean {
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteLength > 0 && b.byteLength > 0 && a.byteOffset < bEnd && b.byteOffset < aEnd;
}

/**
 * Validates a matmulBatched call: dimensions, every block inside its array, out blocks disjoint (each
 * inner step past a whole block, each outer step past a whole group) and out apart from the inputs.
 */
export function checkBatchedMatmul<T extends TensorLike = Float32Array>(
  a: T,
  b: T,
  shape: BatchedMatmulShape,
  out: T,
  kit: TensorKit<T> = defaultKit(),
): void {
  const op = 'matmulBatched';
  const { layout, m, k, n, count, group } = shape;
  if (layout !== 'nn' && layout !== 'nt' && layout !== 'tn') {
    throw new EngineError('INVALID_ARGUMENT', `${op}: layout is ${String(layout)}; expected 'nn', 'nt' or 'tn'`, {
      details: { op, layout },
    });
  }
  for (const [name, v] of [
    ['m', m],
    ['k', k],
    ['n', n],
    ['count', count],
  ] as const)
    checkDim(op, name, v);
  if (!Number.isSafeInteger(group) || group < 1) {
    throw new EngineError('INVALID_ARGUMENT', `${op}: group is ${group}; expected an integer ≥ 1`, {
      details: { op, group },
    });
  }
  const blocks = [
    ['a', a, shape.a, m * k],
    ['b', b, shape.b, k * n],
    ['out', out, shape.out, m * n],
  ] as const;
  for (const [name, data, s, size] of blocks) {
    for (const [field, v] of [
      ['offset', s.offset],
      ['outer', s.outer],
      ['inner', s.inner],
    ] as const) {
      checkDim(op, `${name}.${field}`, v);
    }
    if (count === 0) continue;
    const lastOuter = Math.floor((count - 1) / group);
    const lastInner = Math.min(group, count) - 1;
    const end = s.offset + lastOuter * s.outer + lastInner * s.inner + size;
    if (end > data.length) {
      throw new EngineError('SHAPE_MISMATCH', `${op}: ${name} has length ${data.length}; its blocks reach ${end}`, {
        details: { op, name, length: data.length, expected: end },
      });
    }
  }
  const o = shape.out;
  const size = m * n;
  const innerOk = Math.min(group, count) <= 1 || o.inner >= size;
  const outerOk = count <= group || o.outer >= (group - 1) * o.inner + size;
  if (size > 0 && (!innerOk || !outerOk)) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${op}: out blocks overlap (inner ${o.inner}, outer ${o.outer}, block ${size})`,
      {
        details: { op, inner: o.inner, outer: o.outer, block: size },
      },
    );
  }
  checkNoAlias(op, out, [a, b], kit);
}

/** Start of block g of a matmulBatched operand. */
export function blockStart(s: BlockStrides, g: number, group: number): number {
  return s.offset + Math.floor(g / group) * s.outer + (g % group) * s.inner;
}
