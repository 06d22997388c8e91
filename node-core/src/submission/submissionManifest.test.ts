import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { encodeSubmissionManifest, parseSubmissionManifest, type SubmissionManifest } from './submissionManifest';

const manifest: SubmissionManifest = {
  version: 1,
  runId: 1n,
  leaseId: 2n ** 60n,
  firstStep: 9,
  lastStep: 10,
  checkpointCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  records: [
    { step: 9, stateRoot: `0x${'ab'.repeat(32)}`, lossBits: 1075000000 },
    { step: 10, stateRoot: `0x${'cd'.repeat(32)}`, lossBits: 0xffffffff },
  ],
};
const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const base = JSON.parse(new TextDecoder().decode(encodeSubmissionManifest(manifest))) as Record<string, unknown>;

describe('submission manifest', () => {
  it('round-trips', () => {
    expect(parseSubmissionManifest(encodeSubmissionManifest(manifest))).toEqual(manifest);
  });

  it('rejects hostile manifests with a message, never a crash', () => {
    const cases: [unknown, RegExp][] = [
      [[1], /expected a JSON object|expected kind/],
      [{ ...base, version: 2 }, /expected kind "veritrain\/submission" version 1/],
      [{ ...base, runId: 1 }, /"runId": expected a decimal integer string/],
      [{ ...base, lastStep: 8 }, /expected firstStep ≤ lastStep/],
      [{ ...base, records: [] }, /"records": expected 2 records/],
      [{ ...base, records: [base.records as unknown[]][0]!.slice().reverse() }, /records\[0\]\.step: expected 9/],
      [{ ...base, checkpointCid: '../../etc' }, /"checkpointCid": expected a CID/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseSubmissionManifest(enc(value))).toThrow(message);
    }
    expect(() => parseSubmissionManifest(new Uint8Array([0xff, 0xfe]))).toThrow(NodeError);
  });
});
