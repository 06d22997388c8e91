import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BaseError,
  ContractFunctionRevertedError,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  keccak256,
  publicActions,
  type Address,
  type Hex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import {
  buildStepsTree,
  coordinatorAbi,
  disputeCourtAbi,
  DisputeStatus,
  packLosses,
  rewardTokenAbi,
  SubmissionStatus,
  Vote,
  type StepRecord,
} from '../../src';
import { deployContracts, startAnvil, type AnvilInstance } from '../../src/node';
import type { Deployment } from '../../src/deployment';

// Real anvil, real forge deploy script, real transactions: the TypeScript commitments (leaves, stepsRoot,
// proofs, vote commitments) must be accepted by the Solidity contracts bit for bit.
const MNEMONIC = 'test test test test test test test test test test test junk';
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const deployer = account(0);
const [alice, bob, carol] = [account(1), account(2), account(3)];
const validators = [account(5), account(6), account(7)];

const K = 8n;
const WORKER_BOND = 10n ** 18n;
const CHALLENGER_BOND = 5n * 10n ** 17n;
const GENESIS_ROOT = keccak256('0x01');
const honestRoot = (step: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'uint256' }], [step]));
const fraudRoot = (step: bigint): Hex =>
  keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'uint256' }], ['fraud', step]));
const lossBits = (step: bigint) => 0x40000000 - Number(step);

let anvil: AnvilInstance;
let d: Deployment;
let client: ReturnType<typeof makeClient>;

function makeClient(rpcUrl: string) {
  return createTestClient({ chain: foundry, mode: 'anvil', transport: http(rpcUrl) }).extend(publicActions);
}
function wallet(acc: ReturnType<typeof account>) {
  return createWalletClient({ account: acc, chain: foundry, transport: http(anvil.rpcUrl) });
}
async function send(hash: Hex) {
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return receipt;
}
function recordsFor(first: bigint, last: bigint, badFrom = 0n): StepRecord[] {
  const out: StepRecord[] = [];
  for (let s = first; s <= last; s++) {
    out.push({ step: s, stateRoot: badFrom && s >= badFrom ? fraudRoot(s) : honestRoot(s), lossBits: lossBits(s) });
  }
  return out;
}
async function revertName(p: Promise<unknown>): Promise<{ name: string; args: readonly unknown[] }> {
  try {
    await p;
  } catch (err) {
    const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (revert instanceof ContractFunctionRevertedError && revert.data) {
      return { name: revert.data.errorName, args: revert.data.args ?? [] };
    }
    throw err;
  }
  throw new Error('expected a revert');
}

beforeAll(async () => {
  anvil = await startAnvil();
  client = makeClient(anvil.rpcUrl);
  d = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: `0x${Buffer.from(deployer.getHdKey().privateKey!).toString('hex')}`,
    env: { VERITRAIN_COMMIT_DURATION_S: '60', VERITRAIN_REVEAL_DURATION_S: '60', VERITRAIN_UNBONDING_DELAY_S: '600' },
  });
});
afterAll(async () => {
  await anvil?.stop();
});

describe('contracts on a real anvil', () => {
  it('deploys wired contracts and funds the genesis validators', async () => {
    expect(await client.readContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'court' })).toBe(
      d.court,
    );
    const minter = await client.readContract({ address: d.token, abi: rewardTokenAbi, functionName: 'MINTER_ROLE' });
    expect(
      await client.readContract({
        address: d.token,
        abi: rewardTokenAbi,
        functionName: 'hasRole',
        args: [minter, d.coordinator],
      }),
    ).toBe(true);
    const bal = await client.readContract({
      address: d.token,
      abi: rewardTokenAbi,
      functionName: 'balanceOf',
      args: [validators[0]!.address],
    });
    expect(bal).toBe(10n ** 24n);
  });

  it('runs lease → submit → dispute → vote → slash → finalize with TypeScript-built commitments', async () => {
    for (const v of validators) {
      const w = wallet(v);
      await send(
        await w.writeContract({
          address: d.token,
          abi: rewardTokenAbi,
          functionName: 'approve',
          args: [d.court, 10n ** 21n],
        }),
      );
      await send(
        await w.writeContract({ address: d.court, abi: disputeCourtAbi, functionName: 'stake', args: [10n ** 21n] }),
      );
    }
    const admin = wallet(deployer);
    await send(
      await admin.writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'createRun',
        args: [
          {
            specHash: keccak256('0x02'),
            genesisRoot: GENESIS_ROOT,
            stepsPerLease: K,
            leaseDuration: 3600n,
            challengeWindow: 600n,
            totalSteps: 64n,
            workerBond: WORKER_BOND,
            challengerBond: CHALLENGER_BOND,
            rewardPerStep: 10n ** 19n,
            specCid: 'bafyspec',
            genesisCid: 'bafygenesis',
          },
        ],
      }),
    );
    const runId = await client.readContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'runCount' });

    // Alice: honest steps 1..8.
    const a = wallet(alice);
    await send(
      await a.writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'acquireLease',
        args: [runId],
        value: WORKER_BOND,
      }),
    );
    // The mutex: Bob cannot pre-empt Alice's live lease; the revert decodes to its custom error and values.
    const held = await revertName(
      wallet(bob).writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'acquireLease',
        args: [runId],
        value: WORKER_BOND,
      }),
    );
    expect(held.name).toBe('LeaseHeld');
    expect(held.args[2]).toBe(alice.address);
    const recA = recordsFor(1n, 8n);
    const treeA = buildStepsTree(runId, recA);
    const submitA = await send(
      await a.writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'submit',
        args: [
          runId,
          1n,
          treeA.root,
          recA[7]!.stateRoot,
          'bafyckpt1',
          packLosses(recA.map((r) => r.lossBits)),
          treeA.finalProof,
        ],
      }),
    );
    expect(submitA.gasUsed).toBeLessThanOrEqual(120_000n);

    // Bob: steps 9..16, wrong from step 9 (the lease's first step: proved with Alice's last record).
    const b = wallet(bob);
    await send(
      await b.writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'acquireLease',
        args: [runId],
        value: WORKER_BOND,
      }),
    );
    const recB = recordsFor(9n, 16n, 9n);
    const treeB = buildStepsTree(runId, recB);
    await send(
      await b.writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'submit',
        args: [
          runId,
          2n,
          treeB.root,
          recB[7]!.stateRoot,
          'bafyckpt2',
          packLosses(recB.map((r) => r.lossBits)),
          treeB.finalProof,
        ],
      }),
    );

    const claim = {
      step: 9n,
      prev: { stateRoot: recA[7]!.stateRoot, lossBits: recA[7]!.lossBits },
      prevProof: treeA.proof(8n),
      record: { stateRoot: recB[0]!.stateRoot, lossBits: recB[0]!.lossBits },
      proof: treeB.proof(9n),
      claimedRoot: honestRoot(9n),
      claimedLossBits: lossBits(9n),
    };
    // A proof of a record Bob never committed is refused with InvalidProof(step).
    const forged = await revertName(
      wallet(carol).writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'openDispute',
        args: [
          2n,
          { ...claim, record: { stateRoot: honestRoot(9n), lossBits: lossBits(9n) }, claimedRoot: fraudRoot(1n) },
        ],
        value: CHALLENGER_BOND,
      }),
    );
    expect(forged).toEqual({ name: 'InvalidProof', args: [9n] });
    await send(
      await wallet(carol).writeContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'openDispute',
        args: [2n, claim],
        value: CHALLENGER_BOND,
      }),
    );
    const disputeId = 1n;

    // Validators commit (salted, computed in TypeScript), reveal, and the case resolves Fraud.
    const salts = validators.map((_, i) => keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(1000 + i)])));
    for (const [i, v] of validators.entries()) {
      const commitment = keccak256(
        encodeAbiParameters(
          [{ type: 'uint256' }, { type: 'address' }, { type: 'uint8' }, { type: 'bytes32' }],
          [disputeId, v.address as Address, Vote.Fraud, salts[i]!],
        ),
      );
      expect(
        await client.readContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'commitmentOf',
          args: [disputeId, v.address, Vote.Fraud, salts[i]!],
        }),
      ).toBe(commitment);
      await send(
        await wallet(v).writeContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'commitVote',
          args: [disputeId, commitment],
        }),
      );
    }
    await client.increaseTime({ seconds: 61 });
    await client.mine({ blocks: 1 });
    for (const [i, v] of validators.entries()) {
      await send(
        await wallet(v).writeContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'revealVote',
          args: [disputeId, Vote.Fraud, salts[i]!],
        }),
      );
    }
    await client.increaseTime({ seconds: 61 });
    await client.mine({ blocks: 1 });
    await send(
      await wallet(carol).writeContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'resolve',
        args: [disputeId],
      }),
    );

    const dispute = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'dispute',
      args: [disputeId],
    });
    expect(dispute.status).toBe(DisputeStatus.Fraud);
    const lease2 = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [2n],
    });
    expect(lease2.status).toBe(SubmissionStatus.Invalid);
    const state = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(state.tipStep).toBe(8);
    expect(BigInt(state.tipId)).toBe(1n);

    // Carol: her bond back plus half of Bob's bond.
    expect(
      await client.readContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'credits',
        args: [carol.address],
      }),
    ).toBe(CHALLENGER_BOND + WORKER_BOND / 2n);
    // Settling pays the majority voters the other half of Bob's bond, exactly.
    for (const v of validators) {
      await send(
        await wallet(carol).writeContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'settle',
          args: [disputeId, v.address],
        }),
      );
    }
    let paid = 0n;
    for (const v of validators) {
      paid += await client.readContract({
        address: d.coordinator,
        abi: coordinatorAbi,
        functionName: 'credits',
        args: [v.address],
      });
    }
    expect(paid).toBe(WORKER_BOND / 2n);

    // Alice's honest work finalizes after the window; rewards are minted on claim; her bond comes back.
    await client.increaseTime({ seconds: 601 });
    await client.mine({ blocks: 1 });
    const fin = await send(
      await a.writeContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'finalize', args: [1n] }),
    );
    expect(fin.gasUsed).toBeLessThanOrEqual(120_000n);
    const tokensBefore = await client.readContract({
      address: d.token,
      abi: rewardTokenAbi,
      functionName: 'balanceOf',
      args: [alice.address],
    });
    await send(await a.writeContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'claimRewards' }));
    const tokensAfter = await client.readContract({
      address: d.token,
      abi: rewardTokenAbi,
      functionName: 'balanceOf',
      args: [alice.address],
    });
    expect(tokensAfter - tokensBefore).toBe(8n * 10n ** 19n);
    const before = await client.getBalance({ address: alice.address });
    const w = await send(
      await a.writeContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'withdraw' }),
    );
    const after = await client.getBalance({ address: alice.address });
    expect(after - before + w.gasUsed * w.effectiveGasPrice).toBe(WORKER_BOND);
  });
});
