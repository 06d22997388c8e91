import { keccak_256 } from '@noble/hashes/sha3';
import { buildPositionalTree, type HashBlocks64, type PositionalTree } from '@veritrain/protocol';
import type { Checkpoint } from '../checkpoint/types';
import { EngineError } from '../errors';
import {
  recordStepProgram,
  replayStepProgramValues,
  type ProgramValue,
  type StepProgram,
} from '../program/recordStepProgram';
import type { Hex, RunSpec } from '../spec/runSpec';
import type { RunData } from '../train/runData';
import { exp32 } from '../numerics/exp';
import { elementRule } from './elementRules';
import { hex32, lowerStepProgram, programRoot, type GameOp, type GameProgram } from './gameProgram';

/** One op's output as the trace commits it: binary32 values, or int32 for integer host inputs. */
export type TraceValue = Float32Array | Int32Array;

/** The trace of one step (docs/game.md): every game op's output, its tensor tree, and the trace tree over them. */
export type StepTrace = {
  game: GameProgram;
  values: TraceValue[];
  tensorTrees: PositionalTree[];
  traceTree: PositionalTree;
  traceRoot: Hex;
  programRoot: Hex;
};

/** Tensor leaves: 8 values per 32-byte leaf, each value's 32 bits big-endian, the last leaf zero-padded. */
export function tensorLeaves(value: TraceValue): Uint8Array {
  const words = new Uint32Array(value.buffer, value.byteOffset, value.length);
  const out = new Uint8Array(32 * Math.max(1, Math.ceil(value.length / 8)));
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i]!);
  return out;
}

/**
 * The tensor tree of an op's output (its root is the op's tensorRoot). `hashBlocks` hashes the tree's nodes
 * (default: JavaScript; in Node, `nativeHashBlocks64()` from the engine's node entry is several times faster).
 */
export function tensorTree(value: TraceValue, hashBlocks?: HashBlocks64): PositionalTree {
  return buildPositionalTree(tensorLeaves(value), hashBlocks);
}

/** The trace leaf of an op: keccak256(abi.encode(uint256 opIndex, bytes32 tensorRoot, uint256 elementCount)). */
export function traceLeaf(opIndex: number, tensorRoot: Uint8Array, count: number): Uint8Array {
  const words = new Uint8Array(96);
  const view = new DataView(words.buffer);
  view.setUint32(24, Math.floor(opIndex / 2 ** 32));
  view.setUint32(28, opIndex >>> 0);
  words.set(tensorRoot, 32);
  view.setUint32(88, Math.floor(count / 2 ** 32));
  view.setUint32(92, count >>> 0);
  return keccak_256(words);
}

/** The trace tree over per-op tensor roots (`roots[i]` is op i's). */
export function traceTreeOf(game: GameProgram, roots: readonly Uint8Array[]): PositionalTree {
  const leaves = new Uint8Array(32 * game.ops.length);
  game.ops.forEach((op, i) => {
    leaves.set(traceLeaf(i, roots[i]!, op.count), 32 * i);
  });
  return buildPositionalTree(leaves);
}

/** Reads element `index` of operand `operand` of `op` from the trace's values. */
export function operandReader(values: readonly TraceValue[], op: GameOp): (operand: number, index: number) => number {
  return (operand, index) => {
    const v = values[op.operands[operand]!];
    if (v === undefined || index < 0 || index >= v.length) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `a ${op.kind} op reads element ${index} of operand ${operand}, which has ${v?.length ?? 0} elements`,
      );
    }
    return v[index]!;
  };
}

/**
 * Element `e` of `op` computed from its rule (docs/game.md, "Encodings"), with, for a reduction, the partial
 * sums acc_1 … acc_T.
 */
export function evaluateElement(
  values: readonly TraceValue[],
  op: GameOp,
  e: number,
): { value: number; partialSums?: Float32Array } {
  const read = operandReader(values, op);
  const rule = elementRule(op, e, read);
  if (rule.form === 'map') return { value: rule.compute(rule.reads.map(([o, i]) => read(o, i))) };
  const partialSums = new Float32Array(rule.terms);
  let acc = 0;
  for (let t = 1; t <= rule.terms; t++) {
    acc = rule.step(
      acc,
      rule.termReads(t).map(([o, i]) => read(o, i)),
      t,
    );
    partialSums[t - 1] = acc;
  }
  return { value: rule.finish(acc), partialSums };
}

const asTrace = (v: number | Float32Array | Int32Array | Uint32Array): TraceValue =>
  typeof v === 'number'
    ? Float32Array.of(v)
    : v instanceof Uint32Array
      ? new Int32Array(v.buffer, v.byteOffset, v.length)
      : v;

/**
 * Every game op's output for one step: kernel outputs (those the recording captured, else from a replay of the
 * recorded program on the ref backend), loads from the parent state and the step's inputs, and the ops the
 * lowering added from their element rules.
 */
export function traceValues(
  program: StepProgram,
  game: GameProgram,
  parent: Checkpoint,
  inputValues: readonly (Float32Array | Int32Array | Uint32Array)[],
  captured?: readonly ProgramValue[][],
): TraceValue[] {
  const state = new Map(parent.tensors.map((t) => [t.name, t.data]));
  const value = captured
    ? (ref: { op: number; output: number }) => captured[ref.op]![ref.output]!
    : replayStepProgramValues(program, state, inputValues).value;
  const values: TraceValue[] = [];
  for (const op of game.ops) {
    const src = op.source;
    if ('kernel' in src) values.push(asTrace(value(src.kernel)));
    else if ('state' in src) values.push(state.get(src.state)!);
    else if ('input' in src) values.push(asTrace(inputValues[src.input]!));
    else if ('zeros' in src) values.push(new Float32Array(op.count));
    else if ('copy' in src) values.push(values[op.operands[0]!]!);
    else values.push(ownOpValues(values, op));
  }
  return values;
}

const fr = Math.fround;

/**
 * The output of an op the lowering added (the inner reductions of softmax, layerNorm's backward and
 * cross-entropy), by the loops of its element rule written out: the trace test checks every element of them
 * against evaluateElement. Other kinds go through evaluateElement.
 */
function ownOpValues(values: readonly TraceValue[], op: GameOp): Float32Array {
  const out = new Float32Array(op.count);
  const [rows, cols, causal] = op.scalars as [number, number, number];
  const v = (k: number) => values[op.operands[k]!]!;
  if (op.kind === 'ROW_MAX' || op.kind === 'ROW_SUM_EXP') {
    const x = v(0);
    const mx = op.kind === 'ROW_SUM_EXP' ? v(1) : undefined;
    for (let i = 0; i < rows; i++) {
      const visible = (causal ? i % cols : cols - 1) + 1;
      const base = i * cols;
      let acc = mx ? 0 : x[base]!;
      if (mx) for (let p = 0; p < visible; p++) acc = fr(acc + exp32(fr(x[base + p]! - mx[i]!)));
      else for (let p = 1; p < visible; p++) if (x[base + p]! > acc) acc = x[base + p]!;
      out[i] = acc;
    }
    return out;
  }
  if (op.kind === 'ROW_DOT' || op.kind === 'LN_S1') {
    // ROW_DOT (y, dy): Σ_p y[i,p] ⊗ dy[i,p]; LN_S1 (gamma, dy): Σ_p dy[i,p] ⊗ gamma[p].
    const [a, b] = op.kind === 'ROW_DOT' ? [v(0), v(1)] : [v(1), v(0)];
    const stride = op.kind === 'ROW_DOT' ? 1 : 0;
    for (let i = 0; i < rows; i++) {
      let acc = 0;
      for (let p = 0; p < cols; p++) acc = fr(acc + fr(a[i * cols + p]! * b[stride * i * cols + p]!));
      out[i] = acc;
    }
    return out;
  }
  if (op.kind === 'LN_S2') {
    const [x, gamma, mean, rstd, dy] = [v(0), v(1), v(2), v(3), v(4)];
    for (let i = 0; i < rows; i++) {
      let acc = 0;
      for (let p = 0; p < cols; p++) {
        const e = i * cols + p;
        acc = fr(acc + fr(fr(dy[e]! * gamma[p]!) * fr(fr(x[e]! - mean[i]!) * rstd[i]!)));
      }
      out[i] = acc;
    }
    return out;
  }
  for (let e = 0; e < op.count; e++) out[e] = evaluateElement(values, op, e).value;
  return out;
}

/** Tensor trees and the trace tree over given values (an op whose value is another op's array shares its tree). */
export function commitTrace(
  game: GameProgram,
  values: readonly TraceValue[],
  hashBlocks?: HashBlocks64,
): { tensorTrees: PositionalTree[]; traceTree: PositionalTree } {
  const byArray = new Map<TraceValue, PositionalTree>();
  const tensorTrees = values.map((v) => {
    let tree = byArray.get(v);
    if (tree === undefined) {
      tree = tensorTree(v, hashBlocks);
      byArray.set(v, tree);
    }
    return tree;
  });
  return {
    tensorTrees,
    traceTree: traceTreeOf(
      game,
      tensorTrees.map((t) => t.root),
    ),
  };
}

/** The game program of a recorded step program, with the state and input layout of its step. */
export function gameProgramOf(
  program: StepProgram,
  parent: Checkpoint,
  inputValues: readonly (Float32Array | Int32Array | Uint32Array)[],
): GameProgram {
  return lowerStepProgram(
    program,
    parent.tensors.map((t) => ({ name: t.name, length: t.data.length })),
    inputValues.map((v) => !(v instanceof Float32Array)),
  );
}

/**
 * The trace of step `parent.step + 1` (docs/game.md): records the step's program on the ref backend (keeping
 * every op's outputs as it goes: one run of the step), lowers it, adds the lowering's own ops and commits them. `options.hashBlocks`: the tree hasher (see tensorTree).
 */
export function traceStep(
  spec: RunSpec,
  data: RunData,
  parent: Checkpoint,
  options: { hashBlocks?: HashBlocks64 } = {},
): StepTrace {
  const { program, inputValues, values: captured } = recordStepProgram(spec, data, parent, { captureValues: true });
  const game = gameProgramOf(program, parent, inputValues);
  const values = traceValues(program, game, parent, inputValues, captured);
  const { tensorTrees, traceTree } = commitTrace(game, values, options.hashBlocks);
  return { game, values, tensorTrees, traceTree, traceRoot: hex32(traceTree.root), programRoot: programRoot(game) };
}
