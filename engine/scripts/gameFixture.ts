// Writes honest one-step proofs of step 1 of a step-conformance case as JSON, for the game contract's tests:
//   npx tsx engine/scripts/gameFixture.ts [--case mlp-relu-sgd] [--out FILE]   (stdout without --out)
// The proofs are engine/src/trace's oneStepProof for a few ops of several kinds, with each op's opBytes and its
// proof against programRoot (docs/game.md, "Encodings"). Numbers that are not integers appear as {float, bits}.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bytesToHex } from '@noble/hashes/utils';
import { decodeCheckpoint } from '../src/checkpoint/decode';
import { encodeCheckpoint } from '../src/checkpoint/encode';
import type { RunSpec } from '../src/spec/runSpec';
import { createGenesis } from '../src/train/createGenesis';
import { loadRunData } from '../src/train/loadRunData';
import { encodeGameOp, GAME_OP_KINDS, programTree } from '../src/trace/gameProgram';
import { oneStepProof } from '../src/trace/openings';
import { evaluateElement, traceStep } from '../src/trace/traceStep';

const { values: args } = parseArgs({
  options: { case: { type: 'string', default: 'mlp-relu-sgd' }, out: { type: 'string' } },
  strict: true,
});
const golden = JSON.parse(readFileSync(new URL('../test/golden/steps.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: RunSpec; genesisRoot: string }[];
};
const c = golden.cases.find((x) => x.name === args.case);
if (c === undefined)
  throw new Error(`--case is ${args.case}; expected one of ${golden.cases.map((x) => x.name).join(', ')}`);
const genesis = encodeCheckpoint(createGenesis(c.spec));
const trace = traceStep(c.spec, loadRunData(c.spec), decodeCheckpoint(genesis));
const tree = programTree(trace.game);
const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
const json = (x: unknown): unknown =>
  x instanceof Uint8Array
    ? hex(x)
    : Array.isArray(x)
      ? x.map(json)
      : typeof x === 'object' && x !== null
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, json(v)]))
        : typeof x === 'number' && !Number.isInteger(x)
          ? { float: x, bits: new Uint32Array(Float32Array.of(x).buffer)[0] }
          : x;
// The first op of each kind: a middle element, and for a reduction its middle term.
const seen = new Set<string>();
const proofs = trace.game.ops.flatMap((op, i) => {
  if (seen.has(op.kind) || op.kind === 'LOAD_INPUT' || op.kind === 'ZEROS') return [];
  seen.add(op.kind);
  const element = Math.floor(op.count / 2);
  const sums = op.kind === 'LOAD_STATE' ? undefined : evaluateElement(trace.values, op, element).partialSums;
  const term = sums ? Math.max(1, Math.floor(sums.length / 2)) : undefined;
  return [
    {
      op: i,
      kind: op.kind,
      kindId: GAME_OP_KINDS.indexOf(op.kind),
      element,
      term,
      opBytes: hex(encodeGameOp(op)),
      programProof: tree.proof(i).map(hex),
      output: json(trace.values[i]![element]),
      proof: json(oneStepProof(trace, i, element, term, genesis)),
    },
  ];
});
const text = `${JSON.stringify({ case: c.name, step: 1, programRoot: trace.programRoot, traceRoot: trace.traceRoot, opCount: trace.game.ops.length, parentStateRoot: c.genesisRoot, parentByteLength: genesis.length, proofs }, null, 1)}\n`;
if (args.out) writeFileSync(args.out, text);
else process.stdout.write(text);
