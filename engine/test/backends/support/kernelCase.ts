import type { Backend } from '../../../src/backend/index';

/** A kernel's outputs by name: arrays, or binary32 scalars as numbers. */
export type Outputs = Record<string, Float32Array | number>;

/** One seeded call of a kernel, run on ref and on every backend under test with the same inputs. */
export type KernelCase = {
  /** The dimensions and input profile, e.g. '37x71x43 sparse'. */
  readonly shape: string;
  /** The FloatSource seed the inputs came from. */
  readonly seed: number;
  /** How many independent cases the call checks (each kernel's suite says how it counts). */
  readonly cases: number;
  /** Calls the kernel; must leave the case's inputs as they were (copy what the kernel writes into). */
  run(backend: Backend): Outputs;
};

export type KernelSuite = {
  /** The Backend method under test (or 'poly.exp' and the like). */
  readonly kernel: string;
  /** How `cases` is counted, for the report. */
  readonly counting: string;
  /** Builds the cases (lazily: only when the suite runs). */
  readonly cases: () => KernelCase[];
};

/** A Float32Array of length n filled with a finite marker, so an entry a kernel forgot to write shows. */
export function markedOut(n: number): Float32Array {
  return new Float32Array(n).fill(-12345.678);
}
