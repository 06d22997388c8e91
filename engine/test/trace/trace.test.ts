import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils';
import { verifyPositionalProof } from '@veritrain/protocol';
import {
  createGenesis,
  decodeCheckpoint,
  encodeCheckpoint,
  runSteps,
  specHash,
  stateRoot,
  verifyStateRootChunk,
  type RunSpec,
} from '../../src/index';
import { loadRunData } from '../../src/node';
import { recordStepProgram } from '../../src/program/recordStepProgram';
import { claimOfValues, findFirstWrong } from '../../src/trace/dissect';
import { elementRule } from '../../src/trace/elementRules';
import { programRoot } from '../../src/trace/gameProgram';
import { oneStepProof, openElement, openTraceLeaf, partialSums } from '../../src/trace/openings';
import {
  commitTrace,
  evaluateElement,
  gameProgramOf,
  operandReader,
  traceLeaf,
  traceStep,
  traceValues,
  type StepTrace,
  type TraceValue,
} from '../../src/trace/traceStep';

// The step-conformance cases. For step 3 of each: the trace's stores give the engine's stateRoot and loss, every
// element of every op follows from its element rule (the encoding the contract recomputes), openings verify
// against the roots, and a corruption planted at any op, element or partial sum is found by the dissection.
const golden = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: RunSpec }[];
};

const hexOf = (b: Uint8Array) => `0x${bytesToHex(b)}`;
const NOT_COMPUTED = new Set(['LOAD_STATE', 'LOAD_INPUT', 'ZEROS']);

/** A copy of `v` with element e's low bit flipped (a value that differs, whatever it was). */
function flipped(v: TraceValue, e: number): TraceValue {
  const out = v.slice();
  const bits = new Uint32Array(out.buffer);
  bits[e] = bits[e]! ^ 1;
  return out;
}
/** x with mantissa bit 12 flipped: a change large enough to survive the later terms' rounding, still finite. */
const perturbed = (x: number): number => {
  const b = new Float32Array([x]);
  const u = new Uint32Array(b.buffer);
  u[0] = u[0]! ^ (1 << 12);
  return b[0]!;
};

function setup(spec: RunSpec) {
  const data = loadRunData(spec);
  const genesis = encodeCheckpoint(createGenesis(spec));
  const { records } = runSteps({ spec, checkpoint: genesis, steps: 3, data });
  const parentBytes = runSteps({ spec, checkpoint: genesis, steps: 2, data }).checkpoint;
  const parent = decodeCheckpoint(parentBytes);
  return { data, genesis, records, parentBytes, parent, trace: traceStep(spec, data, parent) };
}

describe('the trace of a step', () => {
  for (const { name, spec } of golden.cases) {
    describe(name, () => {
      const ctx = setup(spec);
      const { trace } = ctx;

      it('has a programRoot that depends on the spec alone', () => {
        const first = recordStepProgram(spec, ctx.data, decodeCheckpoint(ctx.genesis));
        expect(programRoot(gameProgramOf(first.program, decodeCheckpoint(ctx.genesis), first.inputValues))).toBe(
          trace.programRoot,
        );
        const changed: RunSpec = { ...spec, optimizer: { ...spec.optimizer, lr: spec.optimizer.lr * 2 } } as RunSpec;
        const other = recordStepProgram(changed, ctx.data, decodeCheckpoint(encodeCheckpoint(createGenesis(changed))));
        expect(programRoot(gameProgramOf(other.program, decodeCheckpoint(ctx.genesis), other.inputValues))).not.toBe(
          trace.programRoot,
        );
      }, 60_000);

      it('keeps, while recording, the values a replay of the program gives', () => {
        const recorded = recordStepProgram(spec, ctx.data, ctx.parent);
        const replayed = traceValues(recorded.program, trace.game, ctx.parent, recorded.inputValues);
        expect(hexOf(commitTrace(trace.game, replayed).traceTree.root)).toBe(trace.traceRoot);
      }, 60_000);

      it("stores the step's state and loss bit for bit", () => {
        const tensors = ctx.parent.tensors.map((t) => ({
          name: t.name,
          shape: t.shape,
          data: Float32Array.from(trace.values[trace.game.storeOps.get(t.name)!]!),
        }));
        expect(stateRoot(encodeCheckpoint({ specHash: specHash(spec), step: 3, tensors }))).toBe(
          ctx.records[2]!.stateRoot,
        );
        expect(trace.values[trace.game.lossOp]![0]).toBe(ctx.records[2]!.loss);
      });

      it('gives every element of every op from its element rule, a reduction from its partial sums', () => {
        let mismatches = 0;
        let reductions = 0;
        trace.game.ops.forEach((op, i) => {
          if (NOT_COMPUTED.has(op.kind)) return;
          for (let e = 0; e < op.count; e++) {
            const r = evaluateElement(trace.values, op, e);
            if (!Object.is(r.value, trace.values[i]![e])) mismatches++;
            if (r.partialSums) reductions++;
          }
        });
        expect(mismatches).toBe(0);
        expect(reductions).toBeGreaterThan(100);
      }, 60_000);

      it('opens elements, trace leaves, partial sums and a state load against their roots', () => {
        for (const [i, op] of trace.game.ops.entries()) {
          if (i % 5 !== 0 && op.kind !== 'CE_LOSS') continue;
          const e = (i * 7919) % op.count;
          const opening = openElement(trace, i, e);
          expect(
            verifyPositionalProof(
              trace.tensorTrees[i]!.root,
              Math.ceil(op.count / 8),
              opening.leafIndex,
              opening.leaf,
              opening.proof,
            ),
          ).toBe(true);
          const leaf = openTraceLeaf(trace, i);
          expect(leaf.tensorRoot).toBe(hexOf(trace.tensorTrees[i]!.root));
          expect(
            verifyPositionalProof(
              trace.traceTree.root,
              trace.game.ops.length,
              i,
              traceLeaf(i, trace.tensorTrees[i]!.root, op.count),
              leaf.proof,
            ),
          ).toBe(true);
          const sums = partialSums(trace, i, e);
          if (sums) {
            const rule = elementRule(op, e, operandReader(trace.values, op));
            expect(rule.form !== 'map' && Object.is(rule.finish(sums.values.at(-1)!), trace.values[i]![e])).toBe(true);
          }
        }
        // A state load: the element's bytes in a 4 KiB chunk of checkpoint j−1, opened against stateRoot(j−1).
        const load = trace.game.ops.findIndex((op) => op.kind === 'LOAD_STATE' && op.count > 1000);
        const e = trace.game.ops[load]!.count - 3;
        const proof = oneStepProof(trace, load, e, undefined, ctx.parentBytes);
        if (proof.form !== 'load') throw new Error('expected a load proof');
        expect(verifyStateRootChunk(ctx.records[1]!.stateRoot, proof.chunk, proof.chunkProof)).toBe(true);
        const at = proof.byteOffset % 4096;
        expect(new DataView(proof.chunk.buffer).getFloat32(at, true)).toBe(trace.values[load]![e]);
      });

      it('finds a corruption planted at the op and element level in the first op of every kind', () => {
        const seen = new Set<string>();
        for (const [i, op] of trace.game.ops.entries()) {
          if (seen.has(op.kind)) continue;
          seen.add(op.kind);
          const e = (i * 7919) % op.count;
          const values = trace.values.slice();
          values[i] = flipped(values[i]!, e);
          const found = findFirstWrong(trace, claimOfValues(trace.game, values));
          expect([op.kind, found.op, found.element]).toEqual([op.kind, i, e]);
          // The one-step check refutes the claim (a reduction with honest partial sums fails at its finish).
          expect(Object.is(found.recomputed, found.claimed)).toBe(false);
          expect(found.rounds.op).toBe(Math.ceil(trace.traceTree.depth / 5));
        }
        expect(seen.size).toBeGreaterThan(10);
      }, 60_000);

      it('finds a wrong partial sum at the term level in the first op of every reduction kind', () => {
        const seen = new Set<string>();
        const reductionKinds = new Set<string>();
        for (const [i, op] of trace.game.ops.entries()) {
          if (NOT_COMPUTED.has(op.kind)) continue;
          const rule = elementRule(op, 0, operandReader(trace.values, op));
          if (rule.form !== 'map' && rule.terms >= 2) reductionKinds.add(op.kind);
          if (seen.has(op.kind)) continue;
          const planted = plantWrongTerm(trace, i);
          if (planted === undefined) continue;
          seen.add(op.kind);
          const values = trace.values.slice();
          values[i] = values[i]!.slice();
          values[i]![planted.element] = planted.output;
          const claim = claimOfValues(trace.game, values, (o, e) =>
            o === i && e === planted.element ? planted.sums : undefined,
          );
          const found = findFirstWrong(trace, claim);
          expect([op.kind, found.op, found.element, found.term]).toEqual([op.kind, i, planted.element, planted.term]);
          expect(Object.is(found.recomputed, found.claimed)).toBe(false);
          const proof = oneStepProof(trace, i, planted.element, planted.term);
          if (proof.form === 'load' || proof.form === 'map') throw new Error('expected a term proof');
          expect(proof.after.value).toBe(found.recomputed);
        }
        expect([...seen].sort()).toEqual([...reductionKinds].sort());
      }, 60_000);
    });
  }
});

/**
 * A defender's wrong partial sums for one element of a reduction op: acc_t is perturbed, the later
 * sums follow from it by the rule, and the output is their finish. Undefined when no element of the op lets
 * that change the output.
 */
function plantWrongTerm(
  trace: StepTrace,
  i: number,
): { element: number; term: number; sums: Float32Array; output: number } | undefined {
  const op = trace.game.ops[i]!;
  const read = operandReader(trace.values, op);
  for (let k = 0; k < Math.min(op.count, 64); k++) {
    const element = (k * 7919 + i) % op.count;
    const rule = elementRule(op, element, read);
    if (rule.form === 'map' || rule.terms < 2) continue;
    const honest = evaluateElement(trace.values, op, element);
    for (const term of [Math.max(1, Math.floor(rule.terms / 2)), 1, rule.terms]) {
      const sums = honest.partialSums!.slice();
      sums[term - 1] = perturbed(sums[term - 1]!);
      for (let t = term + 1; t <= rule.terms; t++)
        sums[t - 1] = rule.step(
          sums[t - 2]!,
          rule.termReads(t).map(([o, x]) => read(o, x)),
          t,
        );
      const output = rule.finish(sums[rule.terms - 1]!);
      if (!Object.is(output, honest.value)) return { element, term, sums, output };
    }
  }
  return undefined;
}
