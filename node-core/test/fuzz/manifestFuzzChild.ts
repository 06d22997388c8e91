// Run by manifestFuzz.test.ts in its own process under a heap cap: `tsx manifestFuzzChild.ts <cases> <seed>`.
import { runFuzz } from '@veritrain/protocol/testing';
import { NodeError } from '../../src/errors';
import {
  encodeSubmissionManifest,
  parseSubmissionManifest,
  type SubmissionManifest,
} from '../../src/submission/submissionManifest';

const [casesText, seedText] = process.argv.slice(2);
const manifest = (k: number): SubmissionManifest => ({
  version: 1,
  runId: 3n,
  leaseId: 17n,
  firstStep: 41,
  lastStep: 40 + k,
  checkpointCid: 'bafybeig2oi4syhurcb7oshkzzb4ocfotix67i2pymmwxdvzepdbc5bsuii',
  records: Array.from({ length: k }, (_, i) => ({
    step: 41 + i,
    stateRoot: `0x${(i + 1).toString(16).padStart(64, 'a')}` as const,
    lossBits: 0x3f800000 + i,
  })),
});

const summary = runFuzz({
  family: 'manifest',
  seeds: [encodeSubmissionManifest(manifest(1)), encodeSubmissionManifest(manifest(8))],
  cases: Number(casesText),
  seed: Number(seedText),
  // Accepted only if what it parses to encodes back to a manifest that parses to the same.
  check: (bytes) => {
    const parsed = parseSubmissionManifest(bytes);
    const again = parseSubmissionManifest(encodeSubmissionManifest(parsed));
    return JSON.stringify(again, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ===
      JSON.stringify(parsed, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
      ? 'accepted'
      : 'wrong-acceptance';
  },
  typedCode: (err) => (err instanceof NodeError ? err.code : undefined),
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
