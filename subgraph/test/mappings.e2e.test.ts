import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, custom, http, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import { bitsToFloat32, coordinatorAbi, disputeCourtAbi, type Deployment } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createChainIndexer, type ChainIndexer } from '../src/harness/indexChain';
import { EntityStore } from '../src/harness/entityStore';
import { loadSchemaModel } from '../src/harness/schemaModel';
import { plainEntity } from '../src/harness/storeValue';
import {
  alice,
  BOND,
  bob,
  carol,
  dave,
  deployer,
  erin,
  LOSS_BITS,
  protocolFlow,
  REWARD_PER_STEP,
  STAKE,
  validators,
} from './support/protocolFlow';

// The built mappings (build/*.wasm, from `graph build`) run in Node on the real logs of a real anvil flow.
const outFile = path.resolve(import.meta.dirname, '../../deployments', `run-subgraph-${process.pid}.json`);
let anvil: AnvilInstance;
let d: Deployment;
let client: PublicClient;
let store: EntityStore;
let indexer: ChainIndexer;

const entity = (type: string, id: string) => {
  const e = store.get(type, id);
  if (!e) throw new Error(`${type} ${id} not in the store`);
  return plainEntity(e);
};
const lower = (a: string) => a.toLowerCase();

beforeAll(async () => {
  anvil = await startAnvil();
  d = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: `0x${Buffer.from(deployer.getHdKey().privateKey!).toString('hex')}`,
    outFile,
  });
  client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  store = new EntityStore(loadSchemaModel());
  indexer = createChainIndexer({ client, deployment: d, store });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(outFile, { force: true });
});

describe('mappings on a real anvil flow', () => {
  it('folds leases, submissions and losses; a submission on a pending parent stays pending', async () => {
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    await stages[0]!();
    await indexer.indexTo();
    expect(entity('Run', '1')).toMatchObject({
      tipStep: 6n,
      tipId: 3n,
      liveLeaseId: 4n,
      finalizedStep: 0n,
      stepsPerLease: 2n,
      specCid: 'bafyspec',
      creator: lower(deployer.address),
    });
    expect(['1', '2', '3', '4'].map((id) => entity('Submission', id).status)).toEqual([
      'PENDING',
      'PENDING',
      'PENDING',
      'LEASED',
    ]);
    expect(entity('Submission', '3')).toMatchObject({
      parent: '2',
      parentId: 2n,
      firstStep: 5n,
      lastStep: 6n,
      holder: lower(dave.address),
      checkpointCid: 'bafyckpt3',
    });
    expect(entity('Submission', '1').parent).toBeNull();
    expect(store.count('StepLoss')).toBe(6);
  });

  it('decodes every loss exactly from its float32 bits (NaN has no decimal)', () => {
    for (const e of store.all('StepLoss').map(plainEntity)) {
      const step = Number(e.step);
      const bits = LOSS_BITS[step]!;
      expect(e.lossBits).toBe(BigInt(bits));
      const value = bitsToFloat32(bits);
      if (Number.isNaN(value)) expect(e.loss).toBeNull();
      else expect(Number(e.loss)).toBe(value);
    }
    expect(entity('StepLoss', '1-1').loss).toBe('2');
    expect(entity('StepLoss', '3-5').loss).toBe('0.000000000000000000000000000000000000000000001401298464324817');
    expect(entity('Submission', '3').lossBits).toEqual([1n, 0x7fc00000n]);
  });

  it('records the dispute and hidden ballots during the commit phase', async () => {
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    await stages[1]!();
    await indexer.indexTo();
    expect(entity('Dispute', '1')).toMatchObject({
      submission: '2',
      run: '1',
      worker: lower(bob.address),
      challenger: lower(carol.address),
      step: 3n,
      claimedLossBits: 0x3f8ccccdn,
      totalWeight: 3n * STAKE,
      committedWeight: 3n * STAKE,
      fraudWeight: 0n,
    });
    expect(store.loadRelated('Dispute', '1', 'ballots').map((b) => plainEntity(b).vote)).toEqual([
      'HIDDEN',
      'HIDDEN',
      'HIDDEN',
    ]);
    expect(store.count('VoteCommit')).toBe(3);
  });

  it('after the verdict: invalid, orphaned, cancelled, expired and final records, worker counters and stakes match the chain', async () => {
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    await stages[2]!();
    const head = await indexer.indexTo();
    expect(['1', '2', '3', '4', '5', '6'].map((id) => entity('Submission', id).status)).toEqual([
      'FINAL',
      'INVALID',
      'ORPHANED',
      'CANCELLED',
      'EXPIRED',
      'PENDING',
    ]);
    expect(entity('Submission', '3').reclaimed).toBe(true);
    expect(entity('Submission', '1').rewardTokens).toBe(2n * REWARD_PER_STEP);

    const runState = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [1n],
    });
    expect(entity('Run', '1')).toMatchObject({
      tipStep: BigInt(runState.tipStep),
      tipId: BigInt(runState.tipId),
      finalizedStep: BigInt(runState.finalizedStep),
      liveLeaseId: BigInt(runState.liveLeaseId),
    });
    expect(entity('Run', '1')).toMatchObject({ tipStep: 4n, tipId: 6n, finalizedStep: 2n, liveLeaseId: 0n });
    for (const id of [1n, 2n, 3n, 4n, 5n, 6n]) {
      const lease = await client.readContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'lease',
        args: [id],
      });
      expect(entity('Submission', String(id))).toMatchObject({
        holder: lower(lease.holder),
        firstStep: BigInt(lease.firstStep),
        lastStep: BigInt(lease.lastStep),
      });
    }

    const expirySlash = BOND / 10n;
    expect(entity('Worker', lower(alice.address))).toMatchObject({
      leases: 2,
      stepsSubmitted: 2,
      stepsFinalized: 2,
      rewardTokens: 2n * REWARD_PER_STEP,
      rewardTokensClaimed: 2n * REWARD_PER_STEP,
      slashes: 1,
      slashedWei: expirySlash,
    });
    expect(entity('Worker', lower(bob.address))).toMatchObject({
      leases: 2,
      stepsSubmitted: 4,
      stepsFinalized: 0,
      slashes: 1,
      slashedWei: BOND,
    });
    expect(entity('Worker', lower(dave.address))).toMatchObject({ leases: 1, stepsSubmitted: 2, slashes: 0 });
    expect(entity('Worker', lower(erin.address))).toMatchObject({ leases: 1, stepsSubmitted: 0, slashes: 0 });

    const dispute = entity('Dispute', '1');
    expect(dispute).toMatchObject({ outcome: 'FRAUD', fraudWeight: 2n * STAKE, honestWeight: STAKE });
    const ballots = store.loadRelated('Dispute', '1', 'ballots').map(plainEntity);
    expect(ballots.map((b) => [b.voter, b.vote, b.settled, b.majority])).toEqual([
      [lower(validators[0]!.address), 'FRAUD', true, true],
      [lower(validators[1]!.address), 'FRAUD', true, true],
      [lower(validators[2]!.address), 'HONEST', true, false],
    ]);
    expect(store.count('VoteReveal')).toBe(3);
    for (const v of validators) {
      const onChain = await client.readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'validator',
        args: [v.address],
      });
      expect(entity('Validator', lower(v.address))).toMatchObject({
        stake: onChain.stake,
        unbonding: onChain.unbonding,
      });
    }
    expect(entity('Validator', lower(validators[2]!.address)).tokenPenalties).toBe(STAKE / 10n);
    const totalStake = await client.readContract({
      address: d.court,
      abi: disputeCourtAbi,
      functionName: 'totalStake',
    });
    expect(entity('Protocol', 'protocol').totalStake).toBe(totalStake);
    expect(entity('Account', lower(carol.address)).withdrawnWei).toBeGreaterThan(0n);

    // The singleton points at the last protocol event: what the dashboard calls its cursor.
    const logs = await client.getLogs({
      address: [d.coordinator, d.court],
      fromBlock: d.startBlock,
      toBlock: head.number,
    });
    const last = logs.at(-1)!;
    expect(entity('Protocol', 'protocol')).toMatchObject({
      lastEventBlock: last.blockNumber,
      lastEventLogIndex: BigInt(last.logIndex),
      runs: 1,
      leases: 6,
      submissions: 4,
      disputes: 1,
    });
    expect([...indexer.handled.keys()].sort()).toEqual(
      expect.arrayContaining([
        'LeaseExpired',
        'LeaseCancelled',
        'Invalidated',
        'Orphaned',
        'VoterSettled',
        'VoterPaid',
        'UnstakeRequested',
        'RewardsClaimed',
        'Withdrawn',
        'CaseResolved',
        'DisputeResolved',
      ]),
    );
  });
});

describe('a dispute over several rounds, opened by commit-reveal', () => {
  const stakesMatchChain = async () => {
    for (const v of validators) {
      const onChain = await client.readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'validator',
        args: [v.address],
      });
      expect(entity('Validator', lower(v.address)).stake, v.address).toBe(onChain.stake);
    }
    const totalStake = await client.readContract({
      address: d.court,
      abi: disputeCourtAbi,
      functionName: 'totalStake',
    });
    expect(entity('Protocol', 'protocol').totalStake).toBe(totalStake);
  };

  it('keeps the round without verdict, starts the next one empty, and takes unrevealed and abstention penalties from stake', async () => {
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    await stages[3]!();
    await indexer.indexTo();
    expect(entity('DisputeCommit', '2')).toMatchObject({
      status: 'REVEALED',
      dispute: '2',
      submission: '6',
      challenger: lower(erin.address),
    });
    expect(entity('DisputeCommit', '3')).toMatchObject({ status: 'COMMITTED', challenger: lower(carol.address) });
    const c = await client.readContract({
      address: d.court,
      abi: disputeCourtAbi,
      functionName: 'getCase',
      args: [2n],
    });
    expect(c.round).toBe(1);
    expect(entity('Dispute', '2')).toMatchObject({
      commit: '2',
      round: 1,
      undecidedRounds: 1,
      committedWeight: 0n,
      fraudWeight: 0n,
      honestWeight: 0n,
      commitEnd: BigInt(c.commitEnd),
      revealEnd: BigInt(c.revealEnd),
      snapshotBlock: BigInt(c.snapshotBlock),
    });
    const onChainDispute = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'dispute',
      args: [2n],
    });
    expect(entity('Dispute', '2').bond).toBe(onChainDispute.bond);
    expect(entity('DisputeRound', '2-0')).toMatchObject({ round: 0, fraudWeight: 0n, honestWeight: 0n });
    const unrevealed = entity('Ballot', `2-0-${lower(validators[1]!.address)}`);
    expect(unrevealed).toMatchObject({ round: 0, vote: 'HIDDEN', settled: true, majority: false });
    expect(unrevealed.tokenPenalty).toBeGreaterThan(0n);
    expect(store.count('AbsencePenalty')).toBe(2);
    await stakesMatchChain();
  });

  it('ends with the verdict of the later round: its ballots are new records, the expired commit is marked', async () => {
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    await stages[4]!();
    await indexer.indexTo();
    expect(entity('Dispute', '2')).toMatchObject({
      outcome: 'HONEST',
      round: 1,
      undecidedRounds: 1,
      honestWeight: entity('Dispute', '2').committedWeight,
    });
    const round1 = store
      .loadRelated('Dispute', '2', 'ballots')
      .map(plainEntity)
      .filter((b) => b.round === 1);
    expect(round1.map((b) => [b.vote, b.settled, b.majority])).toEqual([
      ['HONEST', true, true],
      ['HONEST', true, true],
      ['HONEST', true, true],
    ]);
    expect(entity('DisputeCommit', '3').status).toBe('EXPIRED');
    expect(entity('Dispute', '1').challengerShareWei).toBe(BOND / 2n);
    await stakesMatchChain();
  });
});

describe('a failing handler', () => {
  it('undoes its whole block, stops at the block before, and does not move on', async () => {
    // A store that refuses the DisputeOpened write (a dispute with its challenger set), as a mapping bug would.
    // CaseOpened comes first in the same transaction and writes the dispute stub and the cursor: those must go too.
    class RefusingStore extends EntityStore {
      override set(type: string, id: string, data: Parameters<EntityStore['set']>[2]) {
        const challenger = data.get('challenger');
        if (type === 'Dispute' && challenger?.kind === 'Bytes' && BigInt(challenger.value) !== 0n)
          throw new Error('refused for the test');
        super.set(type, id, data);
      }
    }
    const refusing = new RefusingStore(loadSchemaModel());
    const failing = createChainIndexer({ client, deployment: d, store: refusing, maxBlockRange: 7n });
    await expect(failing.indexTo()).rejects.toThrow('refused for the test');
    const [opened] = await client.getContractEvents({
      address: d.coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      fromBlock: d.startBlock,
    });
    expect(failing.block()?.number).toBe(opened!.blockNumber - 1n);
    expect(refusing.get('Dispute', '1')).toBeUndefined();
    expect(plainEntity(refusing.get('Protocol', 'protocol')!).lastEventBlock).toBeLessThan(opened!.blockNumber);
    const writes = refusing.writes;
    await expect(failing.indexTo()).rejects.toThrow('refused for the test');
    expect(refusing.writes).toBe(writes);
    expect(failing.failure()?.message).toBe('refused for the test');
  });
});

describe('an RPC failure while indexing', () => {
  it('leaves nothing half applied: the next poll resumes and ends with the same entities as an undisturbed run', async () => {
    // The third transaction lookup fails once, in the middle of a block with several events.
    let lookups = 0;
    const flaky = createPublicClient({
      chain: foundry,
      transport: custom(
        {
          async request({ method, params }) {
            if (method === 'eth_getTransactionByHash' && ++lookups === 3) throw new Error('connection reset');
            return await client.request({ method, params } as never);
          },
        },
        { retryCount: 0 },
      ),
    });
    const again = new EntityStore(loadSchemaModel());
    const resumed = createChainIndexer({ client: flaky, deployment: d, store: again });
    const head = indexer.block()!.number;
    await expect(resumed.indexTo(head)).rejects.toThrow(/connection reset/);
    expect(resumed.failure()).toBeUndefined();
    await resumed.indexTo(head);
    for (const type of loadSchemaModel().entities.keys()) {
      expect(again.all(type).map(plainEntity), type).toStrictEqual(store.all(type).map(plainEntity));
    }
  });
});
