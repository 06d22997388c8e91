import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex } from '@noble/hashes/utils';
import { buildPositionalTree, type PositionalTree } from '@veritrain/protocol';
import { compareUtf8 } from '../checkpoint/canonicalJson';
import { EngineError } from '../errors';
import { f32ToBits } from '../numerics/f32';
import type { ProgramValueRef, StepProgram } from '../program/recordStepProgram';
import type { Hex } from '../spec/runSpec';

/** The game's op kinds by id (docs/game.md, "Encodings"): the id is the first word of an op's opBytes. */
export const GAME_OP_KINDS = [
  'LOAD_STATE',
  'LOAD_INPUT',
  'ZEROS',
  'MATMUL',
  'MATMUL_TB',
  'MATMUL_TA',
  'MATMUL_BATCHED',
  'TRANSPOSE',
  'SWAP_AXES12',
  'ADD_ROW_VECTOR',
  'SUM_ROWS',
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'SCALE',
  'ADD_SCALAR',
  'SQRT',
  'RELU',
  'RELU_BWD',
  'GELU',
  'GELU_BWD',
  'ROW_MAX',
  'ROW_SUM_EXP',
  'SOFTMAX',
  'ROW_DOT',
  'SOFTMAX_BWD',
  'LN_MEAN',
  'LN_RSTD',
  'LN_Y',
  'LN_DGAMMA',
  'LN_S1',
  'LN_S2',
  'LN_DX',
  'CE_DLOGITS',
  'CE_ROW_LOSS',
  'CE_LOSS',
  'EMBED_GATHER',
  'EMBED_SCATTER_ADD',
  'SGD_VELOCITY',
  'SGD_PARAM',
  'ADAMW_M',
  'ADAMW_V',
  'ADAMW_PARAM',
  'ONE_MINUS',
  'STORE',
] as const;
export type GameOpKind = (typeof GAME_OP_KINDS)[number];

/**
 * One op of the game program: exactly one output tensor of `count` elements, computed from earlier ops' outputs.
 * `scalars` are unsigned integers: dimensions, flags, binary32 values as their bits.
 */
export type GameOp = {
  kind: GameOpKind;
  operands: number[];
  scalars: number[];
  count: number;
  /**
   * Where the engine finds the value (not part of the encoding): a kernel output of the recorded program, a state
   * tensor or host input, or `rule` (an op the lowering added inside a kernel: computed from its element rule).
   */
  source:
    | { kernel: { op: number; output: number } }
    | { state: string }
    | { input: number; isInt: boolean }
    | { rule: true }
    | { zeros: true }
    | { copy: true };
};

export type GameProgram = {
  ops: GameOp[];
  /** The op that is the step's loss (CE_LOSS). */
  lossOp: number;
  /** The STORE op of each state tensor, by checkpoint name. */
  storeOps: Map<string, number>;
};

/** The state tensors a program loads and stores, in checkpoint order, with their element counts. */
export type StateTensorInfo = { name: string; length: number };

const FIXED_OPERANDS: Record<string, number> = {
  matmul: 2,
  matmulTransB: 2,
  matmulTransA: 2,
  matmulBatched: 3,
  transpose: 1,
  swapAxes12: 1,
  addRowVector: 2,
  sumRows: 1,
  add: 2,
  sub: 2,
  mul: 2,
  div: 2,
  scale: 1,
  addScalar: 1,
  sqrt: 1,
  relu: 1,
  reluBackward: 2,
  gelu: 1,
  geluBackward: 2,
};
const SIMPLE_KIND: Record<string, GameOpKind> = {
  matmul: 'MATMUL',
  matmulTransB: 'MATMUL_TB',
  matmulTransA: 'MATMUL_TA',
  transpose: 'TRANSPOSE',
  swapAxes12: 'SWAP_AXES12',
  addRowVector: 'ADD_ROW_VECTOR',
  sumRows: 'SUM_ROWS',
  add: 'ADD',
  sub: 'SUB',
  mul: 'MUL',
  div: 'DIV',
  scale: 'SCALE',
  addScalar: 'ADD_SCALAR',
  sqrt: 'SQRT',
  relu: 'RELU',
  reluBackward: 'RELU_BWD',
  gelu: 'GELU',
  geluBackward: 'GELU_BWD',
};
const BITS_SCALAR = new Set(['scale', 'addScalar']);
const LAYOUT = { nn: 0, nt: 1, tn: 2 } as const;

const bits = (x: number): number => f32ToBits(Math.fround(x));

/**
 * Lowers a recorded step program (recordStepProgram) to the game program: loads, then each kernel call as one op
 * per output (with the inner reductions of softmax, layerNorm and cross-entropy as ops of their own), then stores
 * (docs/game.md, "Encodings"). `state` lists state j−1's tensors; `inputIsInt[k]` says whether host input k
 * holds integers (token ids, labels). The result depends on the spec alone, as the recorded program does.
 */
export function lowerStepProgram(
  program: StepProgram,
  state: readonly StateTensorInfo[],
  inputIsInt: readonly boolean[],
): GameProgram {
  const ops: GameOp[] = [];
  const tensors = [...state].sort((a, b) => compareUtf8(a.name, b.name));
  const stateOp = new Map<string, number>();
  const offsets: number[] = [];
  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    stateOp.set(t.name, ops.length);
    offsets.push(offset);
    ops.push({ kind: 'LOAD_STATE', operands: [], scalars: [i, offset], count: t.length, source: { state: t.name } });
    offset += 4 * t.length;
  }
  const inputOp = program.inputs.map((length, k) => {
    ops.push({
      kind: 'LOAD_INPUT',
      operands: [],
      scalars: [k, inputIsInt[k] ? 1 : 0],
      count: length,
      source: { input: k, isInt: inputIsInt[k] ?? false },
    });
    return ops.length - 1;
  });
  const kernelOp = new Map<string, number>();
  const resolve = (ref: ProgramValueRef): number => {
    if ('state' in ref) return stateOp.get(ref.state)!;
    if ('input' in ref) return inputOp[ref.input]!;
    const i = kernelOp.get(`${ref.op}/${ref.output}`);
    if (i === undefined)
      throw new EngineError(
        'INVALID_ARGUMENT',
        `lowerStepProgram: op ${ref.op} output ${ref.output} is read before it is written`,
      );
    return i;
  };
  const push = (
    kind: GameOpKind,
    operands: number[],
    scalars: number[],
    count: number,
    source: GameOp['source'],
  ): number => {
    ops.push({ kind, operands, scalars, count, source });
    return ops.length - 1;
  };
  for (const [index, op] of program.ops.entries()) {
    const ins = op.inputs.map(resolve);
    const out = (output: number) => ({ kernel: { op: index, output } });
    const name = (output: number, gameIndex: number) => kernelOp.set(`${index}/${output}`, gameIndex);
    const sc = op.scalars as number[];
    const k = op.kernel;
    if (SIMPLE_KIND[k] !== undefined) {
      name(
        0,
        push(
          SIMPLE_KIND[k]!,
          ins.slice(0, FIXED_OPERANDS[k]),
          BITS_SCALAR.has(k) ? [bits(sc[0]!)] : sc.slice(),
          op.outputs[0]!,
          out(0),
        ),
      );
    } else if (k === 'zeros') {
      name(0, push('ZEROS', [], [], op.outputs[0]!, { zeros: true }));
    } else if (k === 'matmulBatched') {
      const s = JSON.parse(op.scalars[0] as string) as {
        layout: keyof typeof LAYOUT;
        m: number;
        k: number;
        n: number;
        count: number;
        group: number;
        a: { offset: number; outer: number; inner: number };
        b: { offset: number; outer: number; inner: number };
        out: { offset: number; outer: number; inner: number };
      };
      const strides = (x: { offset: number; outer: number; inner: number }) => [x.offset, x.outer, x.inner];
      const scalars = [
        LAYOUT[s.layout],
        s.m,
        s.k,
        s.n,
        s.count,
        s.group,
        ...strides(s.a),
        ...strides(s.b),
        ...strides(s.out),
      ];
      name(0, push('MATMUL_BATCHED', ins.slice(0, 3), scalars, op.outputs[0]!, out(0)));
    } else if (k === 'softmaxRows') {
      const [rows, cols, causal] = [sc[0]!, sc[1]!, (op.scalars[2] as boolean | undefined) ? 1 : 0];
      const x = ins[0]!;
      const mx = push('ROW_MAX', [x], [rows, cols, causal], rows, { rule: true });
      const s = push('ROW_SUM_EXP', [x, mx], [rows, cols, causal], rows, { rule: true });
      name(0, push('SOFTMAX', [x, mx, s], [rows, cols, causal], op.outputs[0]!, out(0)));
    } else if (k === 'softmaxRowsBackward') {
      const [y, dy] = ins as [number, number];
      const d = push('ROW_DOT', [y, dy], [sc[0]!, sc[1]!], sc[0]!, { rule: true });
      name(0, push('SOFTMAX_BWD', [y, dy, d], [sc[0]!, sc[1]!], op.outputs[0]!, out(0)));
    } else if (k === 'layerNorm') {
      // Outputs in key order: mean, rstd, y.
      const [x, gamma, beta] = ins as [number, number, number];
      const [rows, cols, eps] = [sc[0]!, sc[1]!, sc[2]!];
      const mean = push('LN_MEAN', [x], [rows, cols], rows, out(0));
      const rstd = push('LN_RSTD', [x, mean], [rows, cols, bits(eps)], rows, out(1));
      name(0, mean);
      name(1, rstd);
      name(2, push('LN_Y', [x, gamma, beta, mean, rstd], [rows, cols], rows * cols, out(2)));
    } else if (k === 'layerNormBackward') {
      // Outputs in key order: dbeta, dgamma, dx.
      const [x, gamma, mean, rstd, dy] = ins as [number, number, number, number, number];
      const [rows, cols] = [sc[0]!, sc[1]!];
      name(0, push('SUM_ROWS', [dy], [rows, cols], cols, out(0)));
      name(1, push('LN_DGAMMA', [x, mean, rstd, dy], [rows, cols], cols, out(1)));
      const s1 = push('LN_S1', [gamma, dy], [rows, cols], rows, { rule: true });
      const s2 = push('LN_S2', [x, gamma, mean, rstd, dy], [rows, cols], rows, { rule: true });
      name(2, push('LN_DX', [x, gamma, mean, rstd, dy, s1, s2], [rows, cols], rows * cols, out(2)));
    } else if (k === 'crossEntropy') {
      // Outputs in key order: dlogits, loss.
      const [x, targets] = ins as [number, number];
      const [rows, cols] = [sc[0]!, sc[1]!];
      const mx = push('ROW_MAX', [x], [rows, cols, 0], rows, { rule: true });
      const s = push('ROW_SUM_EXP', [x, mx], [rows, cols, 0], rows, { rule: true });
      name(0, push('CE_DLOGITS', [x, targets, mx, s], [rows, cols], rows * cols, out(0)));
      const rowLoss = push('CE_ROW_LOSS', [x, targets, mx, s], [rows, cols], rows, { rule: true });
      name(1, push('CE_LOSS', [rowLoss], [rows], 1, out(1)));
    } else if (k === 'embeddingGather') {
      name(0, push('EMBED_GATHER', ins.slice(0, 2), [sc[0]!, sc[1]!], op.outputs[0]!, out(0)));
    } else if (k === 'embeddingScatterAdd') {
      const rows = ops[ins[1]!]!.count;
      name(0, push('EMBED_SCATTER_ADD', ins.slice(0, 2), [sc[0]!, sc[1]!, rows], op.outputs[0]!, out(0)));
    } else if (k === 'sgdUpdate') {
      const s = JSON.parse(op.scalars[0] as string) as { lr: number; lrwd: number; momentum: number };
      const scalars = [bits(s.lr), bits(s.lrwd), bits(s.momentum)];
      name(0, push('SGD_PARAM', ins.slice(0, 3), scalars, op.outputs[0]!, out(0)));
      name(1, push('SGD_VELOCITY', ins.slice(0, 3), scalars, op.outputs[1]!, out(1)));
    } else if (k === 'adamwUpdate') {
      const s = JSON.parse(op.scalars[0] as string) as Record<
        'beta1' | 'beta2' | 'c1' | 'c2' | 'eps' | 'lr' | 'lrwd',
        number
      >;
      const scalars = [s.beta1, s.beta2, s.c1, s.c2, s.eps, s.lr, s.lrwd].map(bits);
      name(0, push('ADAMW_PARAM', ins.slice(0, 6), scalars, op.outputs[0]!, out(0)));
      name(1, push('ADAMW_M', ins.slice(0, 6), scalars, op.outputs[1]!, out(1)));
      name(2, push('ADAMW_V', ins.slice(0, 6), scalars, op.outputs[2]!, out(2)));
    } else if (k === 'adamwPowers') {
      const [p1, p2] = ins as [number, number];
      const n1 = push('SCALE', [p1], [bits(sc[0]!)], 1, out(0));
      const n2 = push('SCALE', [p2], [bits(sc[1]!)], 1, out(1));
      name(0, n1);
      name(1, n2);
      name(2, push('ONE_MINUS', [n1], [], 1, out(2)));
      name(3, push('ONE_MINUS', [n2], [], 1, out(3)));
    } else {
      throw new EngineError('INVALID_ARGUMENT', `lowerStepProgram: kernel ${JSON.stringify(k)} has no game encoding`);
    }
  }
  const storeOps = new Map<string, number>();
  const storeOf = new Map(program.stores.map((s) => [s.name, s.value]));
  for (const [i, t] of tensors.entries()) {
    const value = storeOf.get(t.name);
    if (value === undefined)
      throw new EngineError(
        'INVALID_ARGUMENT',
        `lowerStepProgram: the program stores no value for state tensor ${JSON.stringify(t.name)}`,
      );
    storeOps.set(t.name, push('STORE', [resolve(value)], [i, offsets[i]!], t.length, { copy: true }));
  }
  const lossOp = resolve(program.loss);
  return { ops, lossOp, storeOps };
}

/** abi.encode(uint256 kind, uint256[] operands, uint256[] scalars, uint256 elementCount). */
export function encodeGameOp(op: GameOp): Uint8Array {
  const kind = GAME_OP_KINDS.indexOf(op.kind);
  const words: number[] = [
    kind,
    4 * 32,
    (4 + 1 + op.operands.length) * 32,
    op.count,
    op.operands.length,
    ...op.operands,
    op.scalars.length,
    ...op.scalars,
  ];
  const out = new Uint8Array(32 * words.length);
  const view = new DataView(out.buffer);
  for (const [i, w] of words.entries()) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new EngineError(
        'INVALID_ARGUMENT',
        `encodeGameOp: word ${i} of a ${op.kind} op is ${w}, not an unsigned integer`,
      );
    view.setUint32(32 * i + 24, Math.floor(w / 2 ** 32));
    view.setUint32(32 * i + 28, w >>> 0);
  }
  return out;
}

/** The program tree: one leaf keccak256(opBytes) per op, in op order. Its root is the run's on-chain programRoot. */
export function programTree(game: GameProgram): PositionalTree {
  const leaves = new Uint8Array(32 * game.ops.length);
  game.ops.forEach((op, i) => {
    leaves.set(keccak_256(encodeGameOp(op)), 32 * i);
  });
  return buildPositionalTree(leaves);
}

export const hex32 = (bytes: Uint8Array): Hex => `0x${bytesToHex(bytes)}` as Hex;

/** The on-chain programRoot of a game program. */
export function programRoot(game: GameProgram): Hex {
  return hex32(programTree(game).root);
}
