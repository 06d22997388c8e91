import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import {
  encodeSubmissionManifest,
  manifestMaxBytes,
  MAX_MANIFEST_STEPS,
  parseSubmissionManifest,
  type SubmissionManifest,
} from './submissionManifest';

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
const baseRecords = base.records as Record<string, unknown>[];

describe('submission manifest', () => {
  it('round-trips', () => {
    expect(parseSubmissionManifest(encodeSubmissionManifest(manifest))).toEqual(manifest);
  });

  it('rejects hostile manifests with INVALID_MANIFEST naming the source, never a crash', () => {
    const cases: [unknown, RegExp][] = [
      [[1], /expected a JSON object/],
      [null, /expected a JSON object/],
      [{ ...base, version: 2 }, /expected kind "veritrain\/submission" version 1/],
      [{ ...base, runId: 1 }, /"runId": expected a decimal integer string/],
      [{ ...base, firstStep: 0 }, /"firstStep": expected a step number ≥ 1/],
      [{ ...base, lastStep: 8 }, /expected firstStep ≤ lastStep/],
      [{ ...base, lastStep: 9 + MAX_MANIFEST_STEPS }, /lastStep < firstStep \+ 100000/],
      [{ ...base, records: [] }, /"records": expected 2 records/],
      [{ ...base, records: baseRecords.slice().reverse() }, /records\[0\]\.step: expected 9/],
      [{ ...base, records: [baseRecords[0], [1]] }, /records\[1\]: expected an object/],
      [
        { ...base, records: [baseRecords[0], { ...baseRecords[1], stateRoot: `0x${'CD'.repeat(32)}` }] },
        /records\[1\]\.stateRoot/,
      ],
      [
        { ...base, records: [baseRecords[0], { ...baseRecords[1], lossBits: 2 ** 32 }] },
        /records\[1\]\.lossBits: expected a uint32/,
      ],
      [{ ...base, checkpointCid: '../../etc' }, /"checkpointCid": expected a CID/],
      [{ ...base, checkpointCid: `b${'a'.repeat(128)}` }, /"checkpointCid": expected a CID of at most 128 characters/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseSubmissionManifest(enc(value), { source: 'manifest of submission 7' })).toThrow(message);
      expect(() => parseSubmissionManifest(enc(value), { source: 'manifest of submission 7' })).toThrow(
        /^manifest of submission 7: /,
      );
    }
    expect(() => parseSubmissionManifest(new Uint8Array([0xff, 0xfe]))).toThrow(
      expect.objectContaining({ code: 'INVALID_MANIFEST', message: 'submission manifest: expected UTF-8 JSON' }),
    );
  });

  it('refuses bytes past the largest manifest before decoding them', () => {
    const huge = new Uint8Array(manifestMaxBytes(MAX_MANIFEST_STEPS) + 1).fill(0x20);
    expect(() => parseSubmissionManifest(huge)).toThrow(ProtocolError);
    expect(() => parseSubmissionManifest(huge)).toThrow(
      /expected at most 13601024 bytes \(100000 records\), got 13601025 bytes/,
    );
  });

  it("lenient records: a malformed record leaves the records out and keeps the rest; the rest's rules still hold", () => {
    const badRecords = enc({ ...base, records: [baseRecords[0]] });
    const { records, ...header } = manifest;
    expect(records).toHaveLength(2);
    expect(parseSubmissionManifest(badRecords, { records: 'lenient' })).toEqual(header);
    expect(() => parseSubmissionManifest(badRecords)).toThrow(/"records": expected 2 records/);
    expect(parseSubmissionManifest(encodeSubmissionManifest(manifest), { records: 'lenient' })).toEqual(manifest);
    expect(() =>
      parseSubmissionManifest(enc({ ...base, records: [], checkpointCid: 'x' }), { records: 'lenient' }),
    ).toThrow(/"checkpointCid"/);
  });
});
