import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { encodeSubmissionManifest, parseSubmissionManifest } from './submissionManifest';

// The format's rules are tested where it lives (@veritrain/protocol); here, that the nodes see a bad manifest as
// a STORAGE error naming it, and read the records strictly.
describe('parseSubmissionManifest (nodes)', () => {
  it('turns a hostile manifest into NodeError STORAGE naming its source, and reads records strictly', () => {
    const bytes = encodeSubmissionManifest({
      version: 1,
      runId: 1n,
      leaseId: 3n,
      firstStep: 1,
      lastStep: 1,
      checkpointCid: 'bafkreiabcdefghij',
      records: [{ step: 1, stateRoot: `0x${'00'.repeat(32)}`, lossBits: 0 }],
    });
    expect(parseSubmissionManifest(bytes).records).toHaveLength(1);
    const noRecords = new TextEncoder().encode(
      new TextDecoder().decode(bytes).replace(/"records":\[.*\]/, '"records":[]'),
    );
    expect(() => parseSubmissionManifest(noRecords, 'manifest of submission 4')).toThrow(
      expect.objectContaining({
        name: 'NodeError',
        code: 'STORAGE',
        message: 'manifest of submission 4: "records": expected 1 records',
      }),
    );
    expect(() => parseSubmissionManifest(new Uint8Array([0xff]))).toThrow(NodeError);
  });
});
