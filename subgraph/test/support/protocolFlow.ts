import {
  createPublicClient,
  createTestClient,
  createWalletClient,
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
  disputeCommitment,
  disputeCourtAbi,
  packLosses,
  rewardTokenAbi,
  Vote,
  type Deployment,
  type StepRecord,
} from '@veritrain/protocol';

// A real protocol flow on anvil, in stages so a test can index between them: leases, submissions (with losses
// chosen to exercise the float32 decoding: a subnormal, a NaN, values with long decimal expansions), a fraud
// dispute judged by three validators (two Fraud, one Honest: a minority penalty), a descendant orphaned by the
// invalidation and later reclaimed, a live lease cancelled by the rollback, an expired lease, finalization,
// settlement, withdrawals, a reward claim and an unstake request; then a dispute opened by commit-reveal that
// goes through a round without verdict (an unrevealed vote, abstentions penalized) before an Honest verdict, and a
// dispute commit left to expire.
const MNEMONIC = 'test test test test test test test test test test test junk';
export const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
export const deployer = account(0);
export const [alice, bob, carol, dave, erin] = [account(1), account(2), account(3), account(4), account(8)];
export const validators = [account(5), account(6), account(7)];
export const BOND = 10n ** 18n;
export const CH_BOND = 5n * 10n ** 17n;
export const STAKE = 10n ** 21n;
export const REWARD_PER_STEP = 10n ** 19n;

/** Loss bits per step (index = step): 2.0, 1.9f, 1.2f, 0.1f, the smallest subnormal, NaN, 1.0, 0.7f, 0.3f. */
export const LOSS_BITS = [
  0, 0x40000000, 0x3ff33333, 0x3f99999a, 0x3dcccccd, 0x00000001, 0x7fc00000, 0x3f800000, 0x3f333333, 0x3e99999a,
];
const honest = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'uint256' }], [s]));
const bad = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'uint256' }], ['bad', s]));

function records(first: bigint, last: bigint, badFrom = 0n): StepRecord[] {
  const out: StepRecord[] = [];
  for (let s = first; s <= last; s++)
    out.push({ step: s, stateRoot: badFrom && s >= badFrom ? bad(s) : honest(s), lossBits: LOSS_BITS[Number(s)]! });
  return out;
}

export type FlowStage = () => Promise<void>;

const ZERO_ROOT = `0x${'00'.repeat(32)}` as Hex;
const WHOLE_LEASE = {
  step: 0n,
  prev: { stateRoot: ZERO_ROOT, lossBits: 0 },
  prevProof: [],
  record: { stateRoot: ZERO_ROOT, lossBits: 0 },
  proof: [],
  claimedLossBits: 0,
};

export function protocolFlow(rpcUrl: string, d: Deployment): { stages: FlowStage[] } {
  const pub = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
  const test = createTestClient({ chain: foundry, mode: 'anvil', transport: http(rpcUrl) });
  async function send(from: ReturnType<typeof account>, tx: Record<string, unknown>) {
    const w = createWalletClient({ account: from, chain: foundry, transport: http(rpcUrl) });
    const hash = await w.writeContract(tx as never);
    const r = await pub.waitForTransactionReceipt({ hash });
    if (r.status !== 'success') throw new Error(`transaction ${String(tx.functionName)} reverted`);
  }
  const coordinator = (from: ReturnType<typeof account>, functionName: string, args: unknown[], value?: bigint) =>
    send(from, { address: d.coordinator, abi: coordinatorAbi, functionName, args, ...(value ? { value } : {}) });
  const court = (from: ReturnType<typeof account>, functionName: string, args: unknown[]) =>
    send(from, { address: d.court, abi: disputeCourtAbi, functionName, args });
  async function warp(seconds: number) {
    await test.increaseTime({ seconds });
    await test.mine({ blocks: 1 });
  }
  const salt = (i: number) => keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(100 + i)]));
  const votes = [Vote.Fraud, Vote.Fraud, Vote.Honest];
  const recA = records(1n, 2n);
  const treeA = buildStepsTree(1n, recA);
  const recB = records(3n, 4n, 3n);
  const treeB = buildStepsTree(1n, recB);
  const recD = records(5n, 6n, 3n);
  const treeD = buildStepsTree(1n, recD);

  const stages: FlowStage[] = [
    // 1. Stake, a run, Alice's honest steps 1-2, Bob's fraudulent 3-4, Dave's 5-6 on top of Bob's, Erin's live lease.
    async () => {
      for (const v of validators) {
        await send(v, { address: d.token, abi: rewardTokenAbi, functionName: 'approve', args: [d.court, STAKE] });
        await court(v, 'stake', [STAKE]);
      }
      await coordinator(deployer, 'createRun', [
        {
          specHash: keccak256('0x02'),
          genesisRoot: keccak256('0x01'),
          stepsPerLease: 2n,
          leaseDuration: 3600n,
          challengeWindow: 600n,
          totalSteps: 8n,
          workerBond: BOND,
          challengerBond: CH_BOND,
          rewardPerStep: REWARD_PER_STEP,
          specCid: 'bafyspec',
          genesisCid: 'bafygenesis',
        },
      ]);
      await coordinator(alice, 'acquireLease', [1n], BOND);
      await coordinator(alice, 'submit', [
        1n,
        1n,
        treeA.root,
        recA[1]!.stateRoot,
        'bafyckpt1',
        packLosses(recA.map((r) => r.lossBits)),
        treeA.finalProof,
      ]);
      await coordinator(bob, 'acquireLease', [1n], BOND);
      await coordinator(bob, 'submit', [
        1n,
        2n,
        treeB.root,
        recB[1]!.stateRoot,
        'bafyckpt2',
        packLosses(recB.map((r) => r.lossBits)),
        treeB.finalProof,
      ]);
      await coordinator(dave, 'acquireLease', [1n], BOND);
      await coordinator(dave, 'submit', [
        1n,
        3n,
        treeD.root,
        recD[1]!.stateRoot,
        'bafyckpt3',
        packLosses(recD.map((r) => r.lossBits)),
        treeD.finalProof,
      ]);
      await coordinator(erin, 'acquireLease', [1n], BOND);
    },
    // 2. Carol disputes Bob's step 3; the three validators commit.
    async () => {
      const claim = {
        step: 3n,
        prev: { stateRoot: recA[1]!.stateRoot, lossBits: recA[1]!.lossBits },
        prevProof: treeA.proof(2n),
        record: { stateRoot: recB[0]!.stateRoot, lossBits: recB[0]!.lossBits },
        proof: treeB.proof(3n),
        claimedRoot: honest(3n),
        claimedLossBits: 0x3f8ccccd,
      };
      await coordinator(carol, 'openDispute', [2n, claim], CH_BOND);
      for (const [i, v] of validators.entries()) {
        const c = await pub.readContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'commitmentOf',
          args: [1n, v.address, votes[i]!, salt(i)],
        });
        await court(v, 'commitVote', [1n, c]);
      }
    },
    // 3. Reveal, resolve (Bob invalid, Dave orphaned, Erin's lease cancelled), settle, then Alice's lease 5 expires,
    //    hers finalizes, Bob redoes 3-4 honestly, Dave reclaims, payouts are withdrawn and claimed, one unstakes.
    async () => {
      await warp(61);
      for (const [i, v] of validators.entries()) await court(v, 'revealVote', [1n, votes[i]!, salt(i)]);
      await warp(61);
      await court(carol, 'resolve', [1n]);
      for (const v of validators) await court(carol, 'settle', [1n, v.address]);
      await coordinator(alice, 'acquireLease', [1n], BOND);
      await warp(3601);
      await coordinator(carol, 'expireLease', [5n]);
      await coordinator(carol, 'finalize', [1n]);
      const recB2 = records(3n, 4n);
      // Alice's lease expired just before: the next lease's bond is doubled.
      await coordinator(bob, 'acquireLease', [1n], 2n * BOND);
      await coordinator(bob, 'submit', [
        1n,
        6n,
        buildStepsTree(1n, recB2).root,
        recB2[1]!.stateRoot,
        'bafyckpt6',
        packLosses(recB2.map((r) => r.lossBits)),
        buildStepsTree(1n, recB2).finalProof,
      ]);
      await coordinator(dave, 'reclaimOrphaned', [3n]);
      await coordinator(carol, 'withdraw', []);
      await coordinator(alice, 'claimRewards', []);
      await court(validators[0]!, 'requestUnstake', [STAKE / 4n]);
    },
    // 4. Erin commits to a whole-lease dispute of Bob's redone (honest) submission 6 and reveals it two blocks
    //    later; in round 0 only validator 1 commits and it never reveals: no quorum, a round without verdict. Its
    //    unrevealed vote is settled (penalty), the two that did not commit are penalized for abstaining.
    async () => {
      const claimedRoot = keccak256('0xbeef');
      const h = disputeCommitment({
        submissionId: 6n,
        challenger: erin.address,
        salt: salt(9),
        step: 0n,
        claimedRoot,
        claimedLossBits: 0,
      });
      await coordinator(erin, 'commitDispute', [6n, h], CH_BOND);
      await test.mine({ blocks: 2 });
      // Commit ids are opening orders, shared with disputes opened in the clear: Carol's dispute 1 took order 1.
      await coordinator(erin, 'revealDispute', [2n, { ...WHOLE_LEASE, claimedRoot }, salt(9)]);
      const c = await pub.readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'commitmentOf',
        args: [2n, validators[1]!.address, Vote.Honest, salt(20)],
      });
      await court(validators[1]!, 'commitVote', [2n, c]);
      await warp(122);
      await court(erin, 'resolve', [2n]);
      await court(erin, 'settleRound', [2n, 0, validators[1]!.address]);
      await court(erin, 'penalizeAbsent', [2n, 0, validators[0]!.address]);
      await court(erin, 'penalizeAbsent', [2n, 0, validators[2]!.address]);
      // A second commit on submission 6 that is never revealed.
      await coordinator(carol, 'commitDispute', [6n, keccak256('0x0bad')], CH_BOND);
    },
    // 5. Round 1 (windows doubled): all three vote Honest with fresh salts; the verdict and settlement; Carol's
    //    commit expires (256 blocks) and its bond is forfeit.
    async () => {
      for (const [i, v] of validators.entries()) {
        const c = await pub.readContract({
          address: d.court,
          abi: disputeCourtAbi,
          functionName: 'commitmentOf',
          args: [2n, v.address, Vote.Honest, salt(30 + i)],
        });
        await court(v, 'commitVote', [2n, c]);
      }
      await warp(121);
      for (const [i, v] of validators.entries()) await court(v, 'revealVote', [2n, Vote.Honest, salt(30 + i)]);
      await warp(121);
      await court(erin, 'resolve', [2n]);
      for (const v of validators) await court(erin, 'settle', [2n, v.address]);
      await test.mine({ blocks: 257 });
      await coordinator(erin, 'expireDisputeCommit', [3n]);
    },
  ];
  return { stages };
}
