import { describe, expect, it } from 'vitest';
import { submissions } from './collections';
import { FieldReader } from './fieldReader';

const row = {
  id: '3',
  leaseId: '3',
  run: { id: '1' },
  holder: { id: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' },
  parentId: '2',
  firstStep: '5',
  lastStep: '6',
  bond: '1000000000000000000',
  status: 'ORPHANED',
  reclaimed: true,
  leaseDeadline: '1700003600',
  acquiredAtBlock: '20',
  acquiredAtLogIndex: '1',
  stepsRoot: '0xAB',
  finalRoot: '0xcd',
  checkpointCid: 'bafyckpt3',
  lossBits: ['1', '2143289344', '1073741824'],
  challengeDeadline: '1700000600',
  submittedAtBlock: '21',
  submittedAtLogIndex: '0',
  submittedAtTimestamp: '1700000000',
  rewardTokens: null,
};

describe('submissions collection', () => {
  it('maps a row to the view the embedded indexer builds: checksummed holder, losses from their bits, positions', () => {
    const s = submissions.parse(FieldReader.of(row, 'submissions[0]'));
    expect(s).toStrictEqual({
      id: 3,
      runId: 1,
      holder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      parentId: 2,
      firstStep: 5,
      lastStep: 6,
      bondWei: 10n ** 18n,
      status: 'orphaned',
      leaseDeadlineS: 1700003600,
      challengeDeadlineS: 1700000600,
      stepsRoot: '0xab',
      finalRoot: '0xcd',
      checkpointCid: 'bafyckpt3',
      losses: [1.401298464324817e-45, Number.NaN, 2],
      reclaimed: true,
      acquiredAt: { blockNumber: 20n, logIndex: 1 },
      submittedAt: { blockNumber: 21n, logIndex: 0 },
      submittedAtS: 1700000000,
    });
  });

  it('names the malformed field and what it expected', () => {
    expect(() => submissions.parse(FieldReader.of({ ...row, lossBits: ['1', 'x'] }, 'submissions[4]'))).toThrow(
      'malformed subgraph answer: submissions[4].lossBits[1] must be a decimal integer string (BigInt), got "x"',
    );
    expect(() => submissions.parse(FieldReader.of({ ...row, status: 'DONE' }, 'submissions[0]'))).toThrow(
      /submissions\[0\]\.status must be one of LEASED, .*ORPHANED, got "DONE"/,
    );
    const { firstStep: _, ...missing } = row;
    expect(() => submissions.parse(FieldReader.of(missing, 'submissions[0]'))).toThrow(
      'malformed subgraph answer: submissions[0].firstStep must be a value, got undefined',
    );
  });
});
