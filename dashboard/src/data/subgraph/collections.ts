import { bitsToFloat32 } from '@veritrain/protocol';
import type {
  BallotView,
  CourtParamsView,
  DisputeView,
  LogPosition,
  RunView,
  SubmissionState,
  SubmissionView,
  ValidatorView,
  WorkerView,
} from '../types';
import { FieldReader } from './fieldReader';

/** What the Protocol singleton adds to the state. */
export type ProtocolRecord = { courtParams?: CourtParamsView; cursor?: LogPosition };
export type BallotRecord = { disputeId: number; round: number; ballot: BallotView };

/**
 * One entity collection of the subgraph (subgraph/schema.graphql): the GraphQL field name graph-node gives its
 * list, the fields to select, and how one answer row becomes a dashboard record.
 */
export type Collection<T> = {
  name: string;
  /** GraphQL type of the id: entities keyed by address use Bytes (filters then take Bytes too). */
  idType: 'ID' | 'Bytes';
  selection: string;
  parse(row: FieldReader): T;
};

const STATUSES = ['LEASED', 'EXPIRED', 'CANCELLED', 'PENDING', 'FINAL', 'INVALID', 'ORPHANED'] as const;
const OUTCOMES = { FRAUD: 'fraud', HONEST: 'honest', NO_QUORUM: 'no-quorum' } as const;
const VOTES = { HIDDEN: 'hidden', FRAUD: 'fraud', HONEST: 'honest' } as const;

const position = (r: FieldReader, block: string, logIndex: string): LogPosition | undefined =>
  r.has(block) && r.has(logIndex) ? { blockNumber: r.bigint(block), logIndex: r.number(logIndex) } : undefined;

export const runs: Collection<RunView> = {
  name: 'runs',
  idType: 'ID',
  selection:
    'id runId creator specHash specCid genesisRoot genesisCid stepsPerLease leaseDuration challengeWindow totalSteps workerBond challengerBond rewardPerStep tipStep tipId finalizedStep liveLeaseId',
  parse: (r) => ({
    runId: r.number('runId'),
    creator: r.address('creator'),
    specHash: r.hex('specHash'),
    specCid: r.string('specCid'),
    genesisRoot: r.hex('genesisRoot'),
    genesisCid: r.string('genesisCid'),
    stepsPerLease: r.number('stepsPerLease'),
    leaseDurationS: r.number('leaseDuration'),
    challengeWindowS: r.number('challengeWindow'),
    totalSteps: r.number('totalSteps'),
    workerBondWei: r.bigint('workerBond'),
    challengerBondWei: r.bigint('challengerBond'),
    rewardPerStep: r.bigint('rewardPerStep'),
    tipStep: r.number('tipStep'),
    tipId: r.number('tipId'),
    finalizedStep: r.number('finalizedStep'),
    liveLeaseId: r.number('liveLeaseId'),
  }),
};

export const submissions: Collection<SubmissionView> = {
  name: 'submissions',
  idType: 'ID',
  selection:
    'id leaseId run { id } holder { id } parentId firstStep lastStep bond status reclaimed leaseDeadline acquiredAtBlock acquiredAtLogIndex stepsRoot finalRoot checkpointCid lossBits challengeDeadline submittedAtBlock submittedAtLogIndex submittedAtTimestamp rewardTokens',
  parse: (r) => {
    const s: SubmissionView = {
      id: r.number('leaseId'),
      runId: Number(r.relationId('run')),
      holder: FieldReader.of({ id: r.relationId('holder') }, `${r.path}.holder`).address('id'),
      parentId: r.number('parentId'),
      firstStep: r.number('firstStep'),
      lastStep: r.number('lastStep'),
      bondWei: r.bigint('bond'),
      status: r.oneOf('status', STATUSES).toLowerCase() as SubmissionState,
      leaseDeadlineS: r.number('leaseDeadline'),
    };
    const challengeDeadlineS = r.optionalNumber('challengeDeadline');
    if (challengeDeadlineS !== undefined) s.challengeDeadlineS = challengeDeadlineS;
    const stepsRoot = r.optionalHex('stepsRoot');
    if (stepsRoot) s.stepsRoot = stepsRoot;
    const finalRoot = r.optionalHex('finalRoot');
    if (finalRoot) s.finalRoot = finalRoot;
    const checkpointCid = r.optionalString('checkpointCid');
    if (checkpointCid !== undefined) s.checkpointCid = checkpointCid;
    // Decoded from the exact bits, as the embedded indexer decodes the event (the BigDecimal `loss` of StepLoss is
    // for people reading the subgraph; a NaN has none).
    const lossBits = r.optionalBigintList('lossBits');
    if (lossBits) s.losses = lossBits.map((b) => bitsToFloat32(Number(b)));
    const rewardTokens = r.optionalBigint('rewardTokens');
    if (rewardTokens !== undefined) s.rewardTokens = rewardTokens;
    if (r.boolean('reclaimed')) s.reclaimed = true;
    const acquiredAt = position(r, 'acquiredAtBlock', 'acquiredAtLogIndex');
    if (acquiredAt) s.acquiredAt = acquiredAt;
    const submittedAt = position(r, 'submittedAtBlock', 'submittedAtLogIndex');
    if (submittedAt) s.submittedAt = submittedAt;
    const submittedAtS = r.optionalNumber('submittedAtTimestamp');
    if (submittedAtS !== undefined) s.submittedAtS = submittedAtS;
    return s;
  },
};

export const workers: Collection<WorkerView> = {
  name: 'workers',
  idType: 'Bytes',
  selection: 'id leases stepsSubmitted stepsFinalized rewardTokens slashes slashedWei',
  parse: (r) => ({
    address: r.address('id'),
    leases: r.int('leases'),
    stepsSubmitted: r.int('stepsSubmitted'),
    stepsFinalized: r.int('stepsFinalized'),
    rewardTokens: r.bigint('rewardTokens'),
    slashes: r.int('slashes'),
    slashedWei: r.bigint('slashedWei'),
  }),
};

export const disputes: Collection<DisputeView> = {
  name: 'disputes',
  idType: 'ID',
  selection:
    'id disputeId run { id } submission { id } challenger worker step workerRoot workerLossBits claimedRoot claimedLossBits bond snapshotBlock totalWeight commitEnd revealEnd committedWeight fraudWeight honestWeight undecidedRounds challengerShareWei outcome openedAtBlock openedAtLogIndex',
  parse: (r) => {
    const d: DisputeView = {
      id: r.number('disputeId'),
      runId: Number(r.relationId('run')),
      submissionId: Number(r.relationId('submission')),
      challenger: r.address('challenger'),
      step: r.number('step'),
      workerRoot: r.hex('workerRoot'),
      workerLoss: bitsToFloat32(r.number('workerLossBits')),
      claimedRoot: r.hex('claimedRoot'),
      claimedLoss: bitsToFloat32(r.number('claimedLossBits')),
      bondWei: r.bigint('bond'),
      ballots: {},
      committedWeight: r.bigint('committedWeight'),
      fraudWeight: r.bigint('fraudWeight'),
      honestWeight: r.bigint('honestWeight'),
      openedAt: { blockNumber: r.bigint('openedAtBlock'), logIndex: r.number('openedAtLogIndex') },
    };
    const worker = r.optionalAddress('worker');
    if (worker) d.worker = worker;
    const snapshotBlock = r.optionalBigint('snapshotBlock');
    if (snapshotBlock !== undefined) d.snapshotBlock = snapshotBlock;
    const totalWeight = r.optionalBigint('totalWeight');
    if (totalWeight !== undefined) d.totalWeight = totalWeight;
    const commitEndS = r.optionalNumber('commitEnd');
    if (commitEndS !== undefined) d.commitEndS = commitEndS;
    const revealEndS = r.optionalNumber('revealEnd');
    if (revealEndS !== undefined) d.revealEndS = revealEndS;
    const undecidedRounds = r.int('undecidedRounds');
    if (undecidedRounds > 0) d.undecidedRounds = undecidedRounds;
    const challengerShareWei = r.optionalBigint('challengerShareWei');
    if (challengerShareWei !== undefined) d.challengerShareWei = challengerShareWei;
    const outcome = r.optionalOneOf('outcome', ['FRAUD', 'HONEST', 'NO_QUORUM'] as const);
    if (outcome) d.outcome = OUTCOMES[outcome];
    return d;
  },
};

export const ballots: Collection<BallotRecord> = {
  name: 'ballots',
  idType: 'ID',
  selection: 'id dispute { id } round voter { id } weight vote settled majority tokenReward tokenPenalty ethRewardWei',
  parse: (r) => {
    const ballot: BallotView = {
      voter: FieldReader.of({ id: r.relationId('voter') }, `${r.path}.voter`).address('id'),
      weight: r.bigint('weight'),
      vote: VOTES[r.oneOf('vote', ['HIDDEN', 'FRAUD', 'HONEST'] as const)],
    };
    if (r.boolean('settled')) {
      ballot.settled = {
        majority: r.boolean('majority'),
        tokenReward: r.bigint('tokenReward'),
        tokenPenalty: r.bigint('tokenPenalty'),
        ethRewardWei: r.bigint('ethRewardWei'),
      };
    }
    return { disputeId: Number(r.relationId('dispute')), round: r.int('round'), ballot };
  },
};

export const validators: Collection<ValidatorView> = {
  name: 'validators',
  idType: 'Bytes',
  selection: 'id stake unbonding releaseAt',
  parse: (r) => {
    const v: ValidatorView = { address: r.address('id'), stake: r.bigint('stake'), unbonding: r.bigint('unbonding') };
    const releaseAtS = r.optionalNumber('releaseAt');
    if (releaseAtS !== undefined) v.releaseAtS = releaseAtS;
    return v;
  },
};

export const protocols: Collection<ProtocolRecord> = {
  name: 'protocols',
  idType: 'ID',
  selection: 'id commitDuration revealDuration unbondingDelay quorumBps penaltyBps lastEventBlock lastEventLogIndex',
  parse: (r) => {
    const p: ProtocolRecord = {};
    if (r.has('commitDuration') && r.has('quorumBps')) {
      p.courtParams = {
        commitDurationS: r.number('commitDuration'),
        revealDurationS: r.number('revealDuration'),
        unbondingDelayS: r.number('unbondingDelay'),
        quorumBps: r.int('quorumBps'),
        penaltyBps: r.int('penaltyBps'),
      };
    }
    // 0 = no protocol event indexed yet.
    if (r.bigint('lastEventBlock') > 0n)
      p.cursor = { blockNumber: r.bigint('lastEventBlock'), logIndex: r.number('lastEventLogIndex') };
    return p;
  },
};
