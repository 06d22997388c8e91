// Run by hostileFuzz.test.ts in its own process under a heap cap: `tsx fuzzChild.ts <checkpoint|spec> <cases> <seed>`.
// Prints one JSON FuzzSummary line. A case that exhausts memory kills this process, which the test sees.
import { parseJsonText, ProtocolError } from '@veritrain/protocol';
import { runFuzz } from '@veritrain/protocol/testing';
import { decodeCheckpoint } from '../../src/checkpoint/decode';
import { encodeCheckpoint } from '../../src/checkpoint/encode';
import { goldenCheckpoint } from '../../src/checkpoint/testFixtures';
import { EngineError } from '../../src/errors';
import { canonicalRunSpec } from '../../src/spec/canonicalRunSpec';
import { parseRunSpec, RUN_SPEC_LIMITS } from '../../src/spec/parseRunSpec';
import { runResourceNeeds } from '../../src/spec/runResourceNeeds';
import { MLP_SPEC_JSON } from '../../src/spec/testSpecs';
import { createGenesis } from '../../src/train/createGenesis';

const [family, casesText, seedText] = process.argv.slice(2);
const typedCode = (err: unknown): string | undefined =>
  err instanceof EngineError || err instanceof ProtocolError ? err.code : undefined;
const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

const gpt = {
  ...MLP_SPEC_JSON,
  model: { kind: 'gpt', vocabSize: 11, blockSize: 4, nLayer: 1, nHead: 2, nEmbd: 4 },
  optimizer: { kind: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 },
};
const small = { ...MLP_SPEC_JSON, model: { kind: 'mlp', layers: [4, 3, 2], activation: 'gelu' } };

const families = {
  checkpoint: {
    seeds: [
      encodeCheckpoint(goldenCheckpoint()),
      encodeCheckpoint(createGenesis(parseRunSpec(small))),
      encodeCheckpoint(createGenesis(parseRunSpec(gpt))),
    ],
    // Accepted only if it is the one canonical encoding of what it decodes to.
    check: (bytes: Uint8Array) =>
      equal(encodeCheckpoint(decodeCheckpoint(bytes)), bytes) ? 'accepted' : 'wrong-acceptance',
  },
  spec: {
    seeds: [
      text(JSON.stringify(MLP_SPEC_JSON)),
      text(canonicalRunSpec(parseRunSpec(gpt))),
      text(JSON.stringify(small, null, 2)),
    ],
    // What a node does with a spec from IPFS; accepted only if it round-trips and stays within the limits.
    check: (bytes: Uint8Array) => {
      const spec = parseRunSpec(parseJsonText(new TextDecoder().decode(bytes), { source: 'spec', maxDepth: 8 }));
      const again = parseRunSpec(JSON.parse(canonicalRunSpec(spec)));
      const needs = runResourceNeeds(spec);
      const within =
        needs.parameters <= RUN_SPEC_LIMITS.maxParameters &&
        needs.activationsPerStep <= RUN_SPEC_LIMITS.maxActivationsPerStep;
      return canonicalRunSpec(again) === canonicalRunSpec(spec) && within ? 'accepted' : 'wrong-acceptance';
    },
  },
} as const;

const f = families[family as keyof typeof families];
if (!f) throw new Error(`unknown family ${family}`);
const summary = runFuzz({
  family: family!,
  seeds: [...f.seeds],
  cases: Number(casesText),
  seed: Number(seedText),
  check: f.check,
  typedCode,
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
