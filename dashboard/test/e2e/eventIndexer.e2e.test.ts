import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  encodeAbiParameters,
  http,
  keccak256,
  type Hex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import {
  buildStepsTree,
  coordinatorAbi,
  disputeCourtAbi,
  packLosses,
  rewardTokenAbi,
  Vote,
  type Deployment,
  type StepRecord,
} from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createEventIndexer } from '../../src/data/eventIndexer';
import { commitVote, loadBallot, revealVote, voteCommitment, type KeyValueStorage } from '../../src/vote';
import { courtHealth, currentLease, disputePhase, lossCurve } from '../../src/data/selectors';

// A real anvil, the real forge deploy, a real lease → submit → dispute → vote → resolve → finalize flow; the
// indexer must derive from the events what the contracts hold, and each update must read only new blocks.
const MNEMONIC = 'test test test test test test test test test test test junk';
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const deployer = account(0);
const [alice, bob, carol] = [account(1), account(2), account(3)];
const validators = [account(5), account(6)];
const K = 2n;
const BOND = 10n ** 18n;
const CH_BOND = 5n * 10n ** 17n;
const honest = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'uint256' }], [s]));
const bad = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'uint256' }], ['bad', s]));
const lossBits = (s: bigint) => 0x40000000 - Number(s) * 0x10000; // 2.0 going down
const outFile = path.resolve(import.meta.dirname, '../../../deployments', `run-dashboard-${process.pid}.json`);

let anvil: AnvilInstance;
let d: Deployment;
const rpcCalls: { method: string; params: unknown }[] = [];

const test = () => createTestClient({ chain: foundry, mode: 'anvil', transport: http(anvil.rpcUrl) });
const pub = () => createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
async function send(
  from: ReturnType<typeof account>,
  tx: Parameters<ReturnType<typeof createWalletClient>['writeContract']>[0] | Record<string, unknown>,
) {
  const w = createWalletClient({ account: from, chain: foundry, transport: http(anvil.rpcUrl) });
  const hash = await w.writeContract(tx as never);
  const r = await pub().waitForTransactionReceipt({ hash });
  expect(r.status).toBe('success');
}
async function warp(seconds: number) {
  await test().increaseTime({ seconds });
  await test().mine({ blocks: 1 });
}
function records(first: bigint, last: bigint, badFrom = 0n): StepRecord[] {
  const out: StepRecord[] = [];
  for (let s = first; s <= last; s++)
    out.push({ step: s, stateRoot: badFrom && s >= badFrom ? bad(s) : honest(s), lossBits: lossBits(s) });
  return out;
}

beforeAll(async () => {
  anvil = await startAnvil();
  d = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: `0x${Buffer.from(deployer.getHdKey().privateKey!).toString('hex')}`,
    outFile,
  });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(outFile, { force: true });
});

describe('event indexer on a real anvil', () => {
  it('folds a whole flow into the dashboard state and each update reads only the new blocks', async () => {
    // Every JSON-RPC call the indexer makes is recorded, so the ranges it reads can be checked.
    const client = createPublicClient({
      chain: foundry,
      transport: custom({
        async request({ method, params }) {
          rpcCalls.push({ method, params });
          const res = await fetch(anvil.rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
          });
          const body = (await res.json()) as { result?: unknown; error?: { message: string } };
          if (body.error) throw new Error(body.error.message);
          return body.result;
        },
      }),
    });
    const indexer = createEventIndexer({ client, deployment: d, maxBlockRange: 5n });

    for (const v of validators) {
      await send(v, { address: d.token, abi: rewardTokenAbi, functionName: 'approve', args: [d.court, 10n ** 21n] });
      await send(v, { address: d.court, abi: disputeCourtAbi, functionName: 'stake', args: [10n ** 21n] });
    }
    await send(deployer, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'createRun',
      args: [
        {
          specHash: keccak256('0x02'),
          genesisRoot: keccak256('0x01'),
          stepsPerLease: K,
          leaseDuration: 3600n,
          challengeWindow: 600n,
          totalSteps: 8n,
          workerBond: BOND,
          challengerBond: CH_BOND,
          rewardPerStep: 10n ** 19n,
          specCid: 'bafyspec',
          genesisCid: 'bafygenesis',
        },
      ],
    });
    const recA = records(1n, 2n);
    const treeA = buildStepsTree(1n, recA);
    await send(alice, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'acquireLease',
      args: [1n],
      value: BOND,
    });
    await send(alice, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'submit',
      args: [
        1n,
        1n,
        treeA.root,
        recA[1]!.stateRoot,
        'bafyckpt1',
        packLosses(recA.map((r) => r.lossBits)),
        treeA.finalProof,
      ],
    });

    // Catch-up: history walked in chunks of 5 blocks from the start block.
    await indexer.update();
    expect(indexer.getStatus().kind).toBe('live');
    let s = indexer.getState();
    const firstHead = s.head!.blockNumber;
    const firstRanges = rpcCalls
      .filter((c) => c.method === 'eth_getLogs')
      .map((c) => (c.params as [{ fromBlock: Hex; toBlock: Hex }])[0]);
    expect(BigInt(firstRanges[0]!.fromBlock)).toBe(d.startBlock);
    expect(BigInt(firstRanges.at(-1)!.toBlock)).toBe(firstHead);
    expect(s.runs[1]).toMatchObject({ totalSteps: 8, tipStep: 2, finalizedStep: 0, liveLeaseId: 0 });
    expect(s.submissions[1]).toMatchObject({
      status: 'pending',
      holder: alice.address,
      checkpointCid: 'bafyckpt1',
      stepsRoot: treeA.root,
    });
    expect(lossCurve(s, 1).map((p) => p.loss)).toEqual([1.9921875, 1.984375]);
    expect(courtHealth(s)).toMatchObject({ totalStake: 2n * 10n ** 21n, activeValidators: 2, quorumBps: 3000 });

    // Bob submits steps 3-4, wrong from step 3; Carol disputes; both validators vote Fraud.
    await send(bob, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'acquireLease',
      args: [1n],
      value: BOND,
    });
    const recB = records(3n, 4n, 3n);
    const treeB = buildStepsTree(1n, recB);
    await send(bob, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'submit',
      args: [
        1n,
        2n,
        treeB.root,
        recB[1]!.stateRoot,
        'bafyckpt2',
        packLosses(recB.map((r) => r.lossBits)),
        treeB.finalProof,
      ],
    });
    const claim = {
      step: 3n,
      prev: { stateRoot: recA[1]!.stateRoot, lossBits: recA[1]!.lossBits },
      prevProof: treeA.proof(2n),
      record: { stateRoot: recB[0]!.stateRoot, lossBits: recB[0]!.lossBits },
      proof: treeB.proof(3n),
      claimedRoot: honest(3n),
      claimedLossBits: lossBits(3n),
    };
    await send(carol, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'openDispute',
      args: [2n, claim],
      value: CH_BOND,
    });
    // The first validator votes the way the page does (salt saved in storage first); the second directly.
    const kv = new Map<string, string>();
    const storage: KeyValueStorage = {
      getItem: (k) => kv.get(k) ?? null,
      setItem: (k, v) => void kv.set(k, v),
      removeItem: (k) => void kv.delete(k),
    };
    const browserWallet = createWalletClient({
      account: validators[0]!,
      chain: foundry,
      transport: http(anvil.rpcUrl),
    });
    const voteParams = { wallet: browserWallet, court: d.court, chainId: 31337, disputeId: 1n, storage };
    await commitVote({ ...voteParams, vote: 'fraud' });
    const saved = loadBallot(storage, { chainId: 31337, court: d.court, disputeId: 1n, voter: validators[0]!.address });
    expect(saved?.vote).toBe('fraud');
    expect(voteCommitment({ disputeId: 1n, voter: validators[0]!.address, vote: 'fraud', salt: saved!.salt })).toBe(
      await pub().readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'commitmentOf',
        args: [1n, validators[0]!.address, Vote.Fraud, saved!.salt],
      }),
    );
    const salts = validators.map((_, i) => keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(7 + i)])));
    {
      const v = validators[1]!;
      const c = await pub().readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'commitmentOf',
        args: [1n, v.address, Vote.Fraud, salts[1]!],
      });
      await send(v, { address: d.court, abi: disputeCourtAbi, functionName: 'commitVote', args: [1n, c] });
    }

    // Mid-dispute: the commit phase shows, with both ballots hidden.
    await indexer.update();
    s = indexer.getState();
    const mid = s.disputes[1]!;
    expect(mid).toMatchObject({
      submissionId: 2,
      worker: bob.address,
      challenger: carol.address,
      step: 3,
      totalWeight: 2n * 10n ** 21n,
    });
    expect(Object.values(mid.ballots).map((b) => b.vote)).toEqual(['hidden', 'hidden']);
    expect(disputePhase(mid, s.head!.timestampS)).toBe('commit');
    expect(lossCurve(s, 1).map((p) => p.step)).toEqual([1, 2, 3, 4]);

    await warp(61);
    await revealVote(voteParams);
    await send(validators[1]!, {
      address: d.court,
      abi: disputeCourtAbi,
      functionName: 'revealVote',
      args: [1n, Vote.Fraud, salts[1]!],
    });
    await warp(61);
    await send(carol, { address: d.court, abi: disputeCourtAbi, functionName: 'resolve', args: [1n] });
    // Alice re-leases steps 3-4 on top of her own submission, and hers finalizes after the window.
    await send(alice, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'acquireLease',
      args: [1n],
      value: BOND,
    });
    await warp(601);
    await send(carol, { address: d.coordinator, abi: coordinatorAbi, functionName: 'finalize', args: [1n] });

    const beforeSecond = indexer.nextBlock();
    expect(beforeSecond).toBe(firstHead + 1n + (s.head!.blockNumber - firstHead));
    rpcCalls.length = 0;
    await indexer.update();
    s = indexer.getState();
    const ranges = rpcCalls
      .filter((c) => c.method === 'eth_getLogs')
      .map((c) => (c.params as [{ fromBlock: Hex; toBlock: Hex }])[0]);
    // Only new blocks: the first range starts right after the previous head; no range reaches back.
    expect(BigInt(ranges[0]!.fromBlock)).toBe(beforeSecond);
    expect(ranges.every((r) => BigInt(r.fromBlock) >= beforeSecond)).toBe(true);

    // What the contracts hold, derived from the events alone.
    const onChain = await pub().readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [1n],
    });
    expect(s.runs[1]).toMatchObject({
      tipStep: onChain.tipStep,
      finalizedStep: onChain.finalizedStep,
      liveLeaseId: Number(onChain.liveLeaseId),
    });
    expect(s.runs[1]).toMatchObject({ tipStep: 2, finalizedStep: 2, liveLeaseId: 3 });
    expect(s.submissions[1]!.status).toBe('final');
    // anvil returns block timestamps with its logs, so throughput is known.
    expect(s.submissions[1]!.submittedAtS).toBeGreaterThan(0);
    expect(s.submissions[2]!.status).toBe('invalid');
    const dispute = s.disputes[1]!;
    expect(dispute).toMatchObject({ outcome: 'fraud', fraudWeight: 2n * 10n ** 21n, honestWeight: 0n });
    expect(disputePhase(dispute, s.head!.timestampS)).toBe('resolved');
    expect(s.workers[alice.address]).toMatchObject({
      leases: 2,
      stepsFinalized: 2,
      rewardTokens: 2n * 10n ** 19n,
      slashes: 0,
    });
    expect(s.workers[bob.address]).toMatchObject({ leases: 1, stepsSubmitted: 2, slashes: 1, slashedWei: BOND });
    const lease = currentLease(s, 1, s.head!.timestampS);
    expect(lease?.lease.holder).toBe(alice.address);
    expect(lease!.secondsLeft).toBeGreaterThan(2900);
    expect(lossCurve(s, 1).map((p) => [p.step, p.final])).toEqual([
      [1, true],
      [2, true],
    ]);

    // Nothing new: an update reads no logs at all.
    rpcCalls.length = 0;
    await indexer.update();
    expect(rpcCalls.filter((c) => c.method === 'eth_getLogs')).toEqual([]);
  });

  it('reports the RPC as unavailable and keeps its state', async () => {
    const indexer = createEventIndexer({
      client: createPublicClient({ chain: foundry, transport: http('http://127.0.0.1:9', { retryCount: 0 }) }),
      deployment: d,
    });
    await indexer.update();
    const status = indexer.getStatus();
    expect(status.kind).toBe('error');
    expect(status.kind === 'error' && status.error.message).toMatch(/could not read the chain/);
    expect(indexer.getState().runs).toEqual({});
  });
});
