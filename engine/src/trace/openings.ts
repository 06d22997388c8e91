import type { PositionalTree } from '@veritrain/protocol';
import { stateRootChunkProof, type StateRootChunkProof } from '../checkpoint/chunkProof';
import { STATE_ROOT_CHUNK_BYTES } from '../checkpoint/merkle';
import { EngineError } from '../errors';
import { elementRule, type ElementRead } from './elementRules';
import { hex32 } from './gameProgram';
import { evaluateElement, operandReader, tensorTree, type StepTrace, type TraceValue } from './traceStep';
import type { Hex } from '../spec/runSpec';

/** One value opened against a tensor tree: the 32-byte leaf holding it (8 values) and the leaf's proof. */
export type ValueOpening = {
  /** Index of the value in its tensor (the leaf is index div 8, the slot index mod 8). */
  index: number;
  /** The value: a binary32 number, or an int32 for integer inputs. */
  value: number;
  leafIndex: number;
  leaf: Uint8Array;
  proof: Uint8Array[];
};

/** An element of an op's output, opened against the op's tensor root. */
export type ElementOpening = ValueOpening & { op: number; tensorRoot: Hex };

/** An op's trace leaf (opIndex, tensorRoot, elementCount) opened against the trace root. */
export type TraceLeafOpening = { op: number; tensorRoot: Hex; count: number; proof: Uint8Array[] };

export function openValue(tree: PositionalTree, values: TraceValue, index: number): ValueOpening {
  if (!Number.isInteger(index) || index < 0 || index >= values.length) {
    throw new EngineError('INVALID_ARGUMENT', `element index ${index} is outside 0…${values.length - 1}`, {
      details: { index, length: values.length },
    });
  }
  const leafIndex = Math.floor(index / 8);
  return {
    index,
    value: values[index]!,
    leafIndex,
    leaf: tree.node(0, leafIndex).slice(),
    proof: tree.proof(leafIndex),
  };
}

function checkOp(trace: StepTrace, op: number): void {
  if (!Number.isInteger(op) || op < 0 || op >= trace.game.ops.length) {
    throw new EngineError('INVALID_ARGUMENT', `op index ${op} is outside 0…${trace.game.ops.length - 1}`, {
      details: { op },
    });
  }
}

/** Element `element` of op `op`'s output, opened against that op's tensor root. */
export function openElement(trace: StepTrace, op: number, element: number): ElementOpening {
  checkOp(trace, op);
  return {
    op,
    tensorRoot: hex32(trace.tensorTrees[op]!.root),
    ...openValue(trace.tensorTrees[op]!, trace.values[op]!, element),
  };
}

/** Op `op`'s leaf of the trace tree. */
export function openTraceLeaf(trace: StepTrace, op: number): TraceLeafOpening {
  checkOp(trace, op);
  return {
    op,
    tensorRoot: hex32(trace.tensorTrees[op]!.root),
    count: trace.game.ops[op]!.count,
    proof: trace.traceTree.proof(op),
  };
}

/** The partial sums acc_1 … acc_T of a reduction element, with their tree (a tensor tree); undefined for a map op. */
export function partialSums(
  trace: StepTrace,
  op: number,
  element: number,
): { values: Float32Array; tree: PositionalTree; root: Hex } | undefined {
  checkOp(trace, op);
  const gameOp = trace.game.ops[op]!;
  if (['LOAD_STATE', 'LOAD_INPUT', 'ZEROS'].includes(gameOp.kind)) return undefined;
  const { partialSums: values } = evaluateElement(trace.values, gameOp, element);
  if (values === undefined) return undefined;
  const tree = tensorTree(values);
  return { values, tree, root: hex32(tree.root) };
}

/** The element openings a rule's reads need: each operand element against its op's tensor root. */
function openReads(trace: StepTrace, op: number, reads: readonly ElementRead[]): ElementOpening[] {
  const operands = trace.game.ops[op]!.operands;
  return reads.map(([operand, index]) => openElement(trace, operands[operand]!, index));
}

/** What the contract needs to recompute one element or one term of op `op` (docs/game.md, level 4). */
export type OneStepProof =
  | { form: 'map'; op: number; element: number; reads: ElementOpening[]; operands: TraceLeafOpening[] }
  | {
      form: 'sum' | 'product' | 'max';
      op: number;
      element: number;
      term: number;
      reads: ElementOpening[];
      operands: TraceLeafOpening[];
      /** acc_{t−1} (absent for t = 1: +0, or unused in max form) and acc_t, opened against the partial sums' root. */
      before?: ValueOpening;
      after: ValueOpening;
      partialSumsRoot: Hex;
    }
  | {
      form: 'load';
      op: number;
      element: number;
      /** Where the element's 4 bytes (little-endian) start in checkpoint j−1: D + dataByteOffset + 4·element. */
      byteOffset: number;
      /** D: where the tensor data starts (16 + header length, rounded up to 64). */
      dataStart: number;
      chunk: Uint8Array;
      chunkProof: StateRootChunkProof;
    };

/** D of an encoded checkpoint (docs/numerics.md §III.3.1). */
export function checkpointDataStart(bytes: Uint8Array): number {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(12, true);
  return Math.ceil((16 + headerLength) / 64) * 64;
}

/**
 * The one-step proof of element `element` of op `op` (and term `term`, 1-based, for a reduction), from the honest
 * trace. `parentBytes` is the encoded checkpoint j−1 (needed for a LOAD_STATE op only).
 */
export function oneStepProof(
  trace: StepTrace,
  op: number,
  element: number,
  term?: number,
  parentBytes?: Uint8Array,
): OneStepProof {
  checkOp(trace, op);
  const gameOp = trace.game.ops[op]!;
  if (gameOp.kind === 'LOAD_STATE') {
    if (parentBytes === undefined)
      throw new EngineError(
        'INVALID_ARGUMENT',
        'oneStepProof: a LOAD_STATE op needs the encoded parent checkpoint (parentBytes)',
      );
    const dataStart = checkpointDataStart(parentBytes);
    const byteOffset = dataStart + gameOp.scalars[1]! + 4 * element;
    const chunkIndex = Math.floor(byteOffset / STATE_ROOT_CHUNK_BYTES);
    const chunk = parentBytes.slice(chunkIndex * STATE_ROOT_CHUNK_BYTES, (chunkIndex + 1) * STATE_ROOT_CHUNK_BYTES);
    return {
      form: 'load',
      op,
      element,
      byteOffset,
      dataStart,
      chunk,
      chunkProof: stateRootChunkProof(parentBytes, chunkIndex),
    };
  }
  if (gameOp.kind === 'LOAD_INPUT' || gameOp.kind === 'ZEROS') {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `oneStepProof: a ${gameOp.kind} op has no one-step proof (${gameOp.kind === 'ZEROS' ? 'its leaf count and +0 values are fixed' : 'the batch goes to the court'})`,
    );
  }
  const operands = [...new Set(gameOp.operands)].map((o) => openTraceLeaf(trace, o));
  const rule = elementRule(gameOp, element, operandReader(trace.values, gameOp));
  if (rule.form === 'map') return { form: 'map', op, element, reads: openReads(trace, op, rule.reads), operands };
  if (term === undefined || !Number.isInteger(term) || term < 1 || term > rule.terms) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `oneStepProof: a ${gameOp.kind} element has terms 1…${rule.terms}, got ${String(term)}`,
    );
  }
  const sums = partialSums(trace, op, element)!;
  return {
    form: rule.form,
    op,
    element,
    term,
    reads: openReads(trace, op, rule.termReads(term)),
    operands,
    ...(term > 1 ? { before: openValue(sums.tree, sums.values, term - 2) } : {}),
    after: openValue(sums.tree, sums.values, term - 1),
    partialSumsRoot: sums.root,
  };
}
