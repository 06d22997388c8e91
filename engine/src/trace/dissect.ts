import { bytesEqual, DISSECTION_LEVELS, foldDescendants, type PositionalTree } from '@veritrain/protocol';
import { EngineError } from '../errors';
import { elementRule } from './elementRules';
import type { GameProgram } from './gameProgram';
import { commitTrace, evaluateElement, operandReader, tensorTree, type StepTrace, type TraceValue } from './traceStep';

/** What the other side shows in a game: its trees, answering dissection moves. */
export type TraceClaim = {
  traceTree: PositionalTree;
  tensorTree(op: number): PositionalTree;
  /** The tree of its partial sums acc_1 … acc_T for a reduction element (it must end at its output element). */
  partialSums(op: number, element: number): { tree: PositionalTree; values: Float32Array };
};

/**
 * k = 32 dissection of `claimed` against `honest`, as the honest challenger plays it: from the root, the other
 * side reveals the 32 descendants 5 levels below the contested node (fewer at the bottom); the challenger checks
 * that they fold to that node and names the first one that differs from its own. Ends at the first differing
 * leaf. Throws if the roots agree or a revealed set does not fold back (a move the contract would refuse).
 */
export function dissect(honest: PositionalTree, claimed: PositionalTree): { leaf: number; rounds: number } {
  if (honest.depth !== claimed.depth) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `dissect: the claimed tree has depth ${claimed.depth}, the honest one ${honest.depth}`,
    );
  }
  if (bytesEqual(honest.root, claimed.root))
    throw new EngineError('INVALID_ARGUMENT', 'dissect: the roots agree; there is nothing to dissect');
  let level = honest.depth;
  let index = 0;
  let rounds = 0;
  while (level > 0) {
    const children = claimed.descendants(level, index);
    if (!bytesEqual(foldDescendants(children), claimed.node(level, index))) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `dissect: the claimed descendants of node (${level}, ${index}) do not fold back to it`,
      );
    }
    const below = Math.min(DISSECTION_LEVELS, level);
    const first = children.findIndex(
      (child, i) => !bytesEqual(child, honest.node(level - below, index * 2 ** below + i)),
    );
    index = index * 2 ** below + first;
    level -= below;
    rounds++;
  }
  return { leaf: index, rounds };
}

/** The first of the 8 values of a leaf that differs between two leaves (bytes), or −1. */
function firstDifferingSlot(a: Uint8Array, b: Uint8Array): number {
  for (let slot = 0; slot < 8; slot++)
    if (!bytesEqual(a.subarray(4 * slot, 4 * slot + 4), b.subarray(4 * slot, 4 * slot + 4))) return slot;
  return -1;
}

/** Where the game ends, and what the contract recomputes there. */
export type DissectionResult = {
  /** The first op whose tensor root differs. */
  op: number;
  /** The first element of it that differs. */
  element: number;
  /** For a reduction: the first partial sum (1-based) that differs; `finish` when the partial sums agree and only the output does not. */
  term?: number | 'finish';
  rounds: { op: number; element: number; term: number };
  /** The contract's one-step recomputation from agreed inputs, and the claimed value it is compared with. */
  recomputed: number;
  claimed: number;
};

const leafValue = (leaf: Uint8Array, slot: number, isInt: boolean): number => {
  const view = new DataView(leaf.buffer, leaf.byteOffset + 4 * slot, 4);
  return isInt ? view.getInt32(0) : view.getFloat32(0);
};

/**
 * The honest side's whole game against a wrong trace: dissection to the first wrong op, then to its first wrong
 * element, then (reductions) to the first wrong partial sum; returns them with the one-step recomputation.
 */
export function findFirstWrong(honest: StepTrace, claim: TraceClaim): DissectionResult {
  const opSearch = dissect(honest.traceTree, claim.traceTree);
  const op = opSearch.leaf;
  const gameOp = honest.game.ops[op]!;
  const isInt = 'input' in gameOp.source && gameOp.source.isInt;
  const claimedTensor = claim.tensorTree(op);
  const elementSearch = dissect(honest.tensorTrees[op]!, claimedTensor);
  const claimedLeaf = claimedTensor.node(0, elementSearch.leaf);
  const slot = firstDifferingSlot(honest.tensorTrees[op]!.node(0, elementSearch.leaf), claimedLeaf);
  const element = 8 * elementSearch.leaf + slot;
  const claimed = leafValue(claimedLeaf, slot, isInt);
  const rounds = { op: opSearch.rounds, element: elementSearch.rounds, term: 0 };
  if (['LOAD_STATE', 'LOAD_INPUT', 'ZEROS'].includes(gameOp.kind)) {
    return { op, element, rounds, recomputed: honest.values[op]![element]!, claimed };
  }
  const rule = elementRule(gameOp, element, operandReader(honest.values, gameOp));
  const honestElement = evaluateElement(honest.values, gameOp, element);
  if (rule.form === 'map') return { op, element, rounds, recomputed: honestElement.value, claimed };
  const honestSums = tensorTree(honestElement.partialSums!);
  const claimedSums = claim.partialSums(op, element);
  if (bytesEqual(honestSums.root, claimedSums.tree.root)) {
    return { op, element, term: 'finish', rounds, recomputed: rule.finish(claimedSums.values.at(-1)!), claimed };
  }
  const termSearch = dissect(honestSums, claimedSums.tree);
  const termSlot = firstDifferingSlot(honestSums.node(0, termSearch.leaf), claimedSums.tree.node(0, termSearch.leaf));
  const term = 8 * termSearch.leaf + termSlot + 1;
  rounds.term = termSearch.rounds;
  // acc_{t−1} is agreed (t is the first wrong term); the operands come from agreed ops.
  const before = term > 1 ? honestElement.partialSums![term - 2]! : 0;
  const recomputed = rule.step(
    before,
    rule.termReads(term).map(([o, i]) => operandReader(honest.values, gameOp)(o, i)),
    term,
  );
  return { op, element, term, rounds, recomputed, claimed: claimedSums.values[term - 1]! };
}

/**
 * A claim made of given values (a defender's own trace, or a test's corrupted one): its trees, and partial sums
 * from the element rules over those values unless `partialSums` overrides them for an element.
 */
export function claimOfValues(
  game: GameProgram,
  values: readonly TraceValue[],
  partialSumsOverride?: (op: number, element: number) => Float32Array | undefined,
): TraceClaim {
  const { tensorTrees, traceTree } = commitTrace(game, values);
  return {
    traceTree,
    tensorTree: (op) => tensorTrees[op]!,
    partialSums(op, element) {
      const sums = partialSumsOverride?.(op, element) ?? evaluateElement(values, game.ops[op]!, element).partialSums;
      if (sums === undefined)
        throw new EngineError(
          'INVALID_ARGUMENT',
          `op ${op} (${game.ops[op]!.kind}) is not a reduction: it has no partial sums`,
        );
      return { tree: tensorTree(sums), values: sums };
    },
  };
}
