// Node-only test support: the trace goldens. test/golden/trace.json holds, for steps 1 to 3 of each step-conformance
// case (specs from test/golden/steps.json), the programRoot, the traceRoot and a few ops' tensor roots; regenerate
// with `npm run golden:trace -w engine`.
import { encodeCheckpoint } from '../../src/checkpoint/encode';
import { decodeCheckpoint } from '../../src/checkpoint/decode';
import type { Hex, RunSpec } from '../../src/spec/runSpec';
import { createGenesis } from '../../src/train/createGenesis';
import { loadRunData } from '../../src/train/loadRunData';
import { runSteps } from '../../src/train/runSteps';
import { hex32 } from '../../src/trace/gameProgram';
import { traceStep } from '../../src/trace/traceStep';

/** Steps whose traces are pinned. */
export const TRACE_GOLDEN_STEPS = [1, 2, 3] as const;

export type TraceGoldenStep = {
  traceRoot: Hex;
  /** "opIndex:KIND" → that op's tensor root: the first computed op, a middle one, the loss, the last store. */
  tensorRoots: Record<string, Hex>;
};
export type TraceGoldenCase = {
  name: string;
  programRoot: Hex;
  opCount: number;
  steps: Record<string, TraceGoldenStep>;
};
export type TraceGoldenFile = { description: string; cases: TraceGoldenCase[] };

export function traceGoldenCase(name: string, spec: RunSpec): TraceGoldenCase {
  const data = loadRunData(spec);
  let checkpoint = encodeCheckpoint(createGenesis(spec));
  const steps: Record<string, TraceGoldenStep> = {};
  let programRoot: Hex | undefined;
  let opCount = 0;
  for (const step of TRACE_GOLDEN_STEPS) {
    const trace = traceStep(spec, data, decodeCheckpoint(checkpoint));
    programRoot = trace.programRoot;
    const ops = trace.game.ops;
    opCount = ops.length;
    const firstComputed = ops.findIndex((op) => !['LOAD_STATE', 'LOAD_INPUT', 'ZEROS'].includes(op.kind));
    const picks = [
      firstComputed,
      Math.floor((firstComputed + trace.game.lossOp) / 2),
      trace.game.lossOp,
      ops.length - 1,
    ];
    steps[String(step)] = {
      traceRoot: trace.traceRoot,
      tensorRoots: Object.fromEntries(picks.map((i) => [`${i}:${ops[i]!.kind}`, hex32(trace.tensorTrees[i]!.root)])),
    };
    checkpoint = runSteps({ spec, checkpoint, steps: 1, data }).checkpoint;
  }
  return { name, programRoot: programRoot!, opCount, steps };
}
