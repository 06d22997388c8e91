import { describe, expect, it } from 'vitest';
import { manifestMaxBytes } from '@veritrain/protocol';
import { checkpointBytesAt, fetchSubmissionCheckpoint, fetchSubmissionManifest } from './fetchSubmissionCheckpoint';
import { MLP_RELU_SPEC, manifestBytes } from './testing/runFixture';
import { runFixture } from './testing/trainedFixture';

const records = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => ({
    step: first + i,
    stateRoot: `0x${'ab'.repeat(32)}` as const,
    lossBits: i,
  }));
const sub = { id: 7, firstStep: 5, lastStep: 8, checkpointCid: 'bafkreimanifest0000' };

describe('fetchSubmissionManifest', () => {
  it("asks the gateway for at most the nodes' bound for a manifest of the submission's k steps, and reads it", async () => {
    const asked: number[] = [];
    const bytes = manifestBytes({
      leaseId: 2,
      firstStep: 5,
      lastStep: 8,
      checkpointCid: 'bafkreicheckpoint00',
      records: records(5, 8),
    });
    const m = await fetchSubmissionManifest(async (_cid, _what, maxBytes) => {
      asked.push(maxBytes);
      return bytes;
    }, sub);
    expect(asked).toEqual([manifestMaxBytes(4)]);
    expect(m).toEqual({ firstStep: 5, lastStep: 8, checkpointCid: 'bafkreicheckpoint00', records: records(5, 8) });
  });

  it("refuses a manifest whose step range is not the submission's, naming both", async () => {
    const shifted = manifestBytes({
      leaseId: 2,
      firstStep: 1,
      lastStep: 8,
      checkpointCid: 'bafkreicheckpoint00',
      records: records(1, 8),
    });
    await expect(fetchSubmissionManifest(async () => shifted, sub)).rejects.toThrow(
      'the submission manifest bafkreimanifest0000 covers steps 1–8, but submission 7 covers steps 5–8',
    );
  });

  it('reads malformed records as none, and refuses what breaks the format with BAD_CONTENT naming the CID', async () => {
    const bad = manifestBytes({
      leaseId: 2,
      firstStep: 5,
      lastStep: 8,
      checkpointCid: 'bafkreicheckpoint00',
      records: records(5, 7),
    });
    expect((await fetchSubmissionManifest(async () => bad, sub)).records).toBeUndefined();
    const notJson = new TextEncoder().encode('{"kind":');
    await expect(fetchSubmissionManifest(async () => notJson, sub)).rejects.toThrow(
      expect.objectContaining({
        code: 'BAD_CONTENT',
        message: 'the submission manifest bafkreimanifest0000: expected UTF-8 JSON',
      }),
    );
  });

  it("fetches the checkpoint asking for exactly the spec's checkpoint size at the submission's step, no more", async () => {
    const fx = runFixture(MLP_RELU_SPEC, 3);
    const asked: [string, number][] = [];
    const got = await fetchSubmissionCheckpoint(
      async (cid, what, maxBytes) => {
        asked.push([what, maxBytes]);
        return fx.files.get(cid)!;
      },
      fx.choice.submission,
      MLP_RELU_SPEC,
    );
    expect(asked[1]).toEqual(['checkpoint', checkpointBytesAt(MLP_RELU_SPEC, 3)]);
    expect(checkpointBytesAt(MLP_RELU_SPEC, 3)).toBe(fx.checkpoint.length);
    expect(got.stateRoot).toBe(fx.submission.finalRoot);
  });
});
