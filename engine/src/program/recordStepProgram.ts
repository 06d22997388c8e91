import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex } from '@noble/hashes/utils';
import type { Backend } from '../backend/backend';
import { refBackend } from '../backend/ref/index';
import { EngineError } from '../errors';
import { BETA1_POWER, BETA2_POWER } from '../optim/optimizerState';
import type { Hex, RunSpec } from '../spec/runSpec';
import type { RunData } from '../train/runData';
import { createRunContext } from '../train/runContext';
import { residentStep } from '../train/trainStep';
import { residentState } from '../train/residentState';
import { stateFromCheckpoint } from '../train/trainingState';
import type { Checkpoint } from '../checkpoint/types';

/**
 * Where a value of the program comes from.
 * - `state`: a tensor of the state before the step, by its checkpoint name;
 * - `input`: the step's k-th host input that is not state (the batch's rows or token ids, its targets);
 * - `op`: output `output` of op `op`.
 */
export type ProgramValueRef = { state: string } | { input: number } | { op: number; output: number };

/** One kernel call of the step, as the dissection game's op level names it (docs/game.md). */
export type ProgramOp = {
  /**
   * The Backend kernel (`matmul`, `gelu`, `adamwUpdate`, …), `zeros` (a fresh +0 buffer), or `adamwPowers` (the
   * host-side β power advance).
   */
  kernel: string;
  /** Its tensor operands in argument order, the previous contents of an `out` it writes in place included. */
  inputs: ProgramValueRef[];
  /** Its scalar arguments in order (dimensions, flags, the optimizer's binary32 scalars), exactly. */
  scalars: (number | boolean | string)[];
  /** The kernel's argument list: `t` a tensor operand (the next of `inputs`), `s` a scalar (the next of `scalars`). */
  args: string;
  /** The element count of each output (kernels with several outputs list them in a fixed order). */
  outputs: number[];
};

/** A step's canonical op program and, after the ops, which value each state tensor ends as. */
export type StepProgram = {
  ops: ProgramOp[];
  /** Element count of each host input, by index. */
  inputs: number[];
  /** The state after the step: checkpoint name → the value that becomes it. */
  stores: { name: string; value: ProgramValueRef }[];
  /** The loss's value: output 0 of crossEntropy's op. */
  loss: ProgramValueRef;
};

/** In-place kernels: the argument positions they overwrite (their outputs, in that order). */
const IN_PLACE: Record<string, number[]> = { sgdUpdate: [0, 2], adamwUpdate: [0, 2, 3] };
const TENSOR_MEMBERS = new Set([
  'upload',
  'download',
  'zeros',
  'release',
  'scope',
  'keep',
  'allFinite',
  'residency',
  'name',
]);

const isTensorArg = (x: unknown): x is Float32Array | Int32Array | Uint32Array =>
  x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint32Array;

/** A scalar argument in canonical form: numbers and booleans as they are, objects as sorted-key JSON. */
function canonicalScalar(x: unknown): number | boolean | string {
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  if (typeof x === 'object' && x !== null) return canonicalJson(x);
  throw new EngineError('INVALID_ARGUMENT', `recordStepProgram: an unexpected kernel argument of type ${typeof x}`);
}

function canonicalJson(x: unknown): string {
  if (typeof x !== 'object' || x === null) return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/**
 * Runs step `state.step + 1` on the ref backend through a recorder and returns the step's op program: every
 * kernel call in order, with where each operand came from. The program depends on the spec alone (the test
 * checks that two steps give the same program), so the game can commit its hash in the run's config.
 *
 * The β powers of AdamW are advanced on the host (docs/numerics.md §II.5.3), outside the backend: the recorder
 * shows that as one `adamwPowers` op that reads both powers and gives their new values and the two bias
 * corrections, which the AdamW ops then read instead of constants.
 */
export function recordStepProgram(
  spec: RunSpec,
  data: RunData,
  parent: Checkpoint,
  options: { captureValues?: boolean } = {},
): {
  program: StepProgram;
  loss: number;
  inputValues: (Float32Array | Int32Array | Uint32Array)[];
  /**
   * With `captureValues`: every op's outputs as the step computed them (`values[op][output]`), copied right after
   * the call, so later in-place writes do not change them: what replayStepProgramValues gives, without a replay.
   */
  values?: ProgramValue[][];
} {
  const values: ProgramValue[][] | undefined = options.captureValues ? [] : undefined;
  const snapshot = (x: unknown): ProgramValue => (typeof x === 'number' ? x : (x as Float32Array).slice());
  const ctx = createRunContext(spec, data);
  const state = stateFromCheckpoint(ctx.spec, ctx.hash, ctx.model, parent);
  const ops: ProgramOp[] = [];
  const inputs: number[] = [];
  const inputValues: (Float32Array | Int32Array | Uint32Array)[] = [];
  const current = new Map<object, ProgramValueRef>();
  for (const t of [...state.params, ...state.optimizer]) current.set(t.data, { state: t.name });
  const refOf = (x: object & { length: number }): ProgramValueRef => {
    let ref = current.get(x);
    if (ref === undefined) {
      ref = { input: inputs.length };
      inputs.push(x.length);
      inputValues.push((x as Float32Array).slice());
      current.set(x, ref);
    }
    return ref;
  };
  const beta = state.optimizer.filter((t) => t.name === BETA1_POWER || t.name === BETA2_POWER);
  let powersOp: number | undefined;
  const backend = refBackend as Backend;
  const recorder = new Proxy(backend, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'zeros') {
        // A fresh +0 buffer (attention's score and head buffers, which matmulBatched then fills): a constant op.
        return (length: number) => {
          const t = target.zeros(length);
          ops.push({ kernel: 'zeros', inputs: [], scalars: [length], args: 's', outputs: [length] });
          values?.push([new Float32Array(length)]);
          current.set(t, { op: ops.length - 1, output: 0 });
          return t;
        };
      }
      if (typeof prop !== 'string' || TENSOR_MEMBERS.has(prop) || typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const operands: ProgramValueRef[] = [];
        const scalars: (number | boolean | string)[] = [];
        let layout = '';
        if (prop === 'adamwUpdate' && powersOp === undefined) {
          // The host advanced both powers just before the first AdamW update of the step.
          powersOp = ops.length;
          const o = ctx.spec.optimizer as { beta1: number; beta2: number };
          ops.push({
            kernel: 'adamwPowers',
            inputs: beta.map((t) => ({ state: t.name })),
            scalars: [Math.fround(o.beta1), Math.fround(o.beta2)],
            args: 'ttss',
            outputs: [1, 1, 1, 1],
          });
          beta.forEach((t, i) => {
            current.set(t.data, { op: powersOp!, output: i });
          });
          if (values) {
            const { bc1, bc2 } = args[4] as { bc1: number; bc2: number };
            values.push([...beta.map((t) => t.data.slice()), bc1, bc2]);
          }
        }
        for (const [i, a] of args.entries()) {
          if (isTensorArg(a)) {
            operands.push(refOf(a));
            layout += 't';
          } else if (prop === 'adamwUpdate' && i === 4) {
            // bc1 and bc2 come from the powers op; the rest are the spec's constants.
            const { bc1: _bc1, bc2: _bc2, ...constants } = a as Record<string, number>;
            operands.push({ op: powersOp!, output: 2 }, { op: powersOp!, output: 3 });
            scalars.push(canonicalJson(constants));
            layout += 'a'; // the AdamW scalars: the constants, then bc1 and bc2 from the two operands before
          } else if (a !== undefined) {
            scalars.push(canonicalScalar(a));
            layout += 's';
          }
        }
        const result = (member as (...a: unknown[]) => unknown).apply(target, args);
        const index = ops.length;
        const outputs: object[] = [];
        if (IN_PLACE[prop]) for (const i of IN_PLACE[prop]) outputs.push(args[i] as object);
        else if (isTensorArg(result)) outputs.push(result);
        else if (typeof result === 'number') outputs.push({ length: 1 });
        else if (typeof result === 'object' && result !== null) {
          // Several outputs (layerNorm's y, mean, rstd; crossEntropy's loss and dlogits): in key order.
          for (const key of Object.keys(result).sort()) {
            const v = (result as Record<string, unknown>)[key];
            outputs.push(isTensorArg(v) ? v : { length: 1 });
          }
        }
        ops.push({
          kernel: prop,
          inputs: operands,
          scalars,
          args: layout,
          outputs: outputs.map((o) => (o as { length: number }).length),
        });
        outputs.forEach((o, output) => {
          current.set(o, { op: index, output });
        });
        values?.push(
          outputs.map((o, output) =>
            snapshot(isTensorArg(o) ? o : typeof result === 'number' ? result : scalarOutput(result, output)),
          ),
        );
        return result;
      };
    },
  });
  const recordingCtx = { ...ctx, backend: recorder };
  const resident = residentState(recorder, state);
  const loss = residentStep(recordingCtx, state, resident);
  const lossOp = ops.findIndex((o) => o.kernel === 'crossEntropy');
  const program: StepProgram = {
    ops,
    inputs,
    stores: [...state.params, ...state.optimizer].map((t) => ({ name: t.name, value: current.get(t.data)! })),
    // crossEntropy's outputs in key order: dlogits, loss.
    loss: { op: lossOp, output: 1 },
  };
  return { program, loss, inputValues, ...(values ? { values } : {}) };
}

/** Output `output` of a kernel whose result is an object (in key order) when that output is a number (the loss). */
function scalarOutput(result: unknown, output: number): number {
  const r = result as Record<string, unknown>;
  return r[Object.keys(r).sort()[output]!] as number;
}

/** Canonical bytes of a program: sorted-key JSON. */
export function encodeStepProgram(program: StepProgram): Uint8Array {
  return new TextEncoder().encode(canonicalJson(program));
}

/** keccak256 of the canonical program: what a run's config would commit as its programRoot. */
export function stepProgramHash(program: StepProgram): Hex {
  return `0x${bytesToHex(keccak_256(encodeStepProgram(program)))}`;
}

type Value = Float32Array | Int32Array | Uint32Array | number;

/**
 * Runs a recorded program on the ref backend from the parent state's tensors (by name) and the step's host
 * inputs, op by op from the program alone, and returns the state after the step (name → values) and the loss.
 * Every tensor operand is a fresh copy, so an op writing "in place" never changes an earlier value: each value
 * of the program is computed once, as the game's trace commits it.
 */
export function replayStepProgram(
  program: StepProgram,
  parent: ReadonlyMap<string, Float32Array>,
  inputValues: readonly (Float32Array | Int32Array | Uint32Array)[],
): { state: Map<string, Float32Array>; loss: number } {
  const { value } = replayStepProgramValues(program, parent, inputValues);
  const state = new Map<string, Float32Array>();
  for (const { name, value: ref } of program.stores) {
    const v = value(ref);
    state.set(name, typeof v === 'number' ? Float32Array.of(v) : Float32Array.from(v));
  }
  return { state, loss: value(program.loss) as number };
}

/** A value of a replayed program: a tensor, or a number for scalar outputs (the loss, AdamW's bias corrections). */
export type ProgramValue = Float32Array | Int32Array | Uint32Array | number;

/**
 * Replays a program like replayStepProgram and returns every op's outputs (`outputs[op][output]`, each computed
 * once and never written again) and a resolver of value references: the game's trace commits these values.
 */
export function replayStepProgramValues(
  program: StepProgram,
  parent: ReadonlyMap<string, Float32Array>,
  inputValues: readonly (Float32Array | Int32Array | Uint32Array)[],
): { outputs: ProgramValue[][]; value: (ref: ProgramValueRef) => ProgramValue } {
  const outputs: Value[][] = [];
  const value = (ref: ProgramValueRef): Value => {
    if ('state' in ref) {
      const t = parent.get(ref.state);
      if (t === undefined)
        throw new EngineError('INVALID_ARGUMENT', `replayStepProgram: no state tensor ${JSON.stringify(ref.state)}`);
      return t;
    }
    if ('input' in ref) return inputValues[ref.input]!;
    return outputs[ref.op]![ref.output]!;
  };
  const copy = (v: Value): Value => (typeof v === 'number' ? v : v.slice());
  const be = refBackend as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const op of program.ops) {
    const ins = op.inputs.map(value);
    let nextIn = 0;
    let nextScalar = 0;
    const args: unknown[] = [];
    for (const c of op.args) {
      if (c === 't') args.push(copy(ins[nextIn++]!));
      else if (c === 's') args.push(decodeScalar(op.scalars[nextScalar++]!));
      else {
        const [bc1, bc2] = [ins[nextIn++] as number, ins[nextIn++] as number];
        args.push({ ...(JSON.parse(op.scalars[nextScalar++] as string) as object), bc1, bc2 });
      }
    }
    if (op.kernel === 'zeros') {
      outputs.push([new Float32Array(args[0] as number)]);
      continue;
    }
    if (op.kernel === 'adamwPowers') {
      const [p1, p2] = [
        Math.fround((args[0] as Float32Array)[0]! * (args[2] as number)),
        Math.fround((args[1] as Float32Array)[0]! * (args[3] as number)),
      ];
      outputs.push([Float32Array.of(p1), Float32Array.of(p2), Math.fround(1 - p1), Math.fround(1 - p2)]);
      continue;
    }
    const result = be[op.kernel]!.apply(refBackend, args);
    if (IN_PLACE[op.kernel]) outputs.push(IN_PLACE[op.kernel]!.map((i) => args[i] as Value));
    else if (result instanceof Float32Array || typeof result === 'number') outputs.push([result]);
    else {
      const r = result as Record<string, unknown>;
      outputs.push(
        Object.keys(r)
          .sort()
          .map((k) => r[k] as Value),
      );
    }
  }
  return { outputs, value };
}

/** A scalar argument back from its canonical form (objects were stored as JSON). */
function decodeScalar(x: number | boolean | string): unknown {
  return typeof x === 'string' ? JSON.parse(x) : x;
}
