// The whole protocol as `npm start` runs it, as real processes: anvil, the forge deploy, `run create`, the IPFS
// hub, three validators, a fraud-proofer, a false accuser, an adversarial worker and two honest workers, all
// started by the devnet CLI. The chain is the witness: every assertion reads events and state from anvil.
// The nodes compute on different backends (workers native, fraud-proofers ref, validators wasm), so the same run
// also shows that a fraud proof and a verdict computed with one backend hold against steps computed with another.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, http, parseEther, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createGenesis, encodeCheckpoint, parseRunSpec, runSteps } from '@veritrain/engine';
import { loadBackend, loadRunData, stateRootNode } from '@veritrain/engine/node';
import { RUN_PRESETS } from '@veritrain/node-core';
import { coordinatorAbi, disputeCourtAbi, DisputeStatus, SubmissionStatus } from '@veritrain/protocol';
import { readDeployment } from '@veritrain/protocol/node';
import { anvilKey, ROLE_ACCOUNT } from '../src/accounts';
import { alive, FAST_TERMS, startDevnetProcess, waitFor, type DevnetProcess } from './support/devnetProcess';

const TOTAL_STEPS = 16;
const K = 4;
const CHALLENGER_BOND = parseEther('0.5'); // run create's default
const GENESIS_ETH = parseEther('10000'); // every anvil account

const address = (i: number): Address => privateKeyToAccount(anvilKey(i)).address;
const honest = [address(ROLE_ACCOUNT.firstWorker), address(ROLE_ACCOUNT.firstWorker + 1)];
const adversary = address(ROLE_ACCOUNT.firstWorker + 2);
const fraudProofer = address(ROLE_ACCOUNT.fraudProofer);
const falseAccuser = address(ROLE_ACCOUNT.spare);
const validators = [0, 1, 2].map((i) => address(ROLE_ACCOUNT.firstValidator + i));

// Each kind of node on its own backend. The native addon needs a C compiler at npm install, which the
// requirements do not promise: without it the workers take wasm, still another backend than the fraud-proofers'.
const nativeLoads = await loadBackend('native', { threads: 1 }).then(
  () => true,
  () => false,
);
const BACKENDS = { worker: nativeLoads ? 'native' : 'wasm', 'fraud-proofer': 'ref', validator: 'wasm' } as const;
const NODE_BACKEND: Record<string, string> = {
  adversary: BACKENDS.worker,
  'worker-1': BACKENDS.worker,
  'worker-2': BACKENDS.worker,
  'fraud-proofer': BACKENDS['fraud-proofer'],
  'false-accuser': BACKENDS['fraud-proofer'],
  'validator-1': BACKENDS.validator,
  'validator-2': BACKENDS.validator,
  'validator-3': BACKENDS.validator,
};

let dev: DevnetProcess;
let devnet: DevnetProcess['child'];
let exited: Promise<number | null>;
let rpcUrl: string;
let deploymentFile: string;
const devnetLines = () => dev.devnetLines();
const nodeLogs = (name: string) => dev.nodeLogs(name);
const waitForOutput = (match: RegExp, timeoutMs: number) => dev.waitForOutput(match, timeoutMs);

beforeAll(async () => {
  dev = await startDevnetProcess('devnet-e2e', [
    '--steps',
    String(TOTAL_STEPS),
    '--steps-per-lease',
    String(K),
    '--false-accusers',
    '1',
    '--worker-backend',
    BACKENDS.worker,
    '--fraud-proofer-backend',
    BACKENDS['fraud-proofer'],
    '--validator-backend',
    BACKENDS.validator,
    ...FAST_TERMS,
  ]);
  ({ child: devnet, exited, rpcUrl, deploymentFile } = dev);
});

afterAll(async () => {
  await dev?.stop();
});

describe('npm start: the devnet with every node as a process, on a real anvil and real IPFS', () => {
  it('catches, judges and slashes the adversary, redoes its descendants, pays challenger and majority, fines a false accuser, and stops on Ctrl+C leaving nothing behind, with workers, fraud-proofers and validators on three backends', async () => {
    onTestFailed(() => {
      console.log(`---- devnet output (last 150 lines)\n${dev.tail()}`);
    });
    const d = readDeployment(deploymentFile);
    const client = createPublicClient({ transport: http(rpcUrl) });
    const coordinator = d.coordinator;
    const fromBlock = BigInt(d.startBlock);
    const runId = BigInt((await waitForOutput(/run id\s+(\d+)/, 1_000))[1]!);

    // Every node reported with its process id.
    const pids = dev.pids();
    expect(pids.length).toBe(1 + 1 + 3 + 2 + 3); // anvil, hub, validators, two fraud-proofers, three workers

    // The mix really happened: every node was started with its role's backend, loaded exactly that one (its
    // start-up line) and exports it (its metrics, read while the workers still run).
    for (const [name, backend] of Object.entries(NODE_BACKEND)) {
      expect(
        devnetLines().find((l) => l.includes(`[devnet]   ${name} `)),
        name,
      ).toContain(`--backend ${backend} --threads 1 `);
      const logs = await waitFor(() => {
        const l = nodeLogs(name);
        return l.some((x) => x.msg === 'metrics endpoint') && l.some((x) => String(x.msg).startsWith('backend: '))
          ? l
          : undefined;
      }, `${name}'s backend and metrics endpoint lines`);
      const loaded = logs.filter((x) => String(x.msg).startsWith('backend: '));
      expect(loaded, name).toEqual([expect.objectContaining({ component: 'engine', backend, requested: backend })]);
      const metrics = await (await fetch(String(logs.find((x) => x.msg === 'metrics endpoint')!.url))).text();
      expect(metrics, name).toMatch(
        new RegExp(`^veritrain_backend_info\\{backend="${backend}",requested="${backend}",[^}]*\\} 1$`, 'm'),
      );
    }

    // The workers exit 0 once the whole run is final and they have settled (claimed, withdrawn).
    for (const w of ['adversary', 'worker-1', 'worker-2'])
      await waitForOutput(new RegExp(`\\[devnet\\] ${w} finished \\(exit 0\\)`), 170_000);
    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(TOTAL_STEPS);

    const events = async <
      N extends
        | 'DisputeOpened'
        | 'DisputeResolved'
        | 'Finalized'
        | 'Orphaned'
        | 'Invalidated'
        | 'RewardsClaimed'
        | 'Submitted'
        | 'LeaseCancelled'
        | 'ChallengerSharePaid',
    >(
      eventName: N,
    ) => client.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName, fromBlock });
    const opened = await events('DisputeOpened');
    // Every dispute is judged and every majority voter settled before the checks below.
    const deadline = Date.now() + 60_000;
    let resolved = await events('DisputeResolved');
    let settled = await client.getContractEvents({
      address: d.court,
      abi: disputeCourtAbi,
      eventName: 'VoterSettled',
      fromBlock,
    });
    while (resolved.length < opened.length || settled.length < resolved.length * 2) {
      if (Date.now() > deadline)
        throw new Error(
          `disputes: ${opened.length} opened, ${resolved.length} resolved, ${settled.length} ballots settled`,
        );
      await new Promise((r) => setTimeout(r, 1_000));
      resolved = await events('DisputeResolved');
      settled = await client.getContractEvents({
        address: d.court,
        abi: disputeCourtAbi,
        eventName: 'VoterSettled',
        fromBlock,
      });
    }
    const outcome = (disputeId: bigint) => resolved.find((r) => r.args.disputeId === disputeId)!.args;

    // Scenario 1. The adversary's corrupted lease (steps 1-4) is disputed by the fraud-proofer, judged Fraud by
    // the validators, and its bond slashed: the submission is Invalid.
    const submitted = await events('Submitted');
    const bad = submitted.find((e) => e.args.worker === adversary && e.args.firstStep === 1n)!;
    expect(bad).toBeDefined();
    const caught = opened.find(
      (e) => e.args.submissionId === bad.args.submissionId && e.args.challenger === fraudProofer,
    )!;
    expect(caught).toBeDefined();
    expect(outcome(caught.args.disputeId!).outcome).toBe(DisputeStatus.Fraud);
    expect(outcome(caught.args.disputeId!).challengerCreditWei).toBeGreaterThanOrEqual(CHALLENGER_BOND);
    // Every challenger proven right gets its bond back; the share of the slashed bond goes to the proven dispute
    // that opened first (issue 11), paid once every dispute on the submission is settled (the false accuser
    // re-executes too and may race the fraud-proofer to this one).
    const onBad = opened
      .filter((e) => e.args.submissionId === bad.args.submissionId)
      .map((e) => ({ id: e.args.disputeId!, challenger: e.args.challenger!, ...outcome(e.args.disputeId!) }));
    expect(onBad.every((r) => r.outcome === DisputeStatus.Fraud)).toBe(true);
    expect(onBad.every((r) => r.challengerCreditWei === CHALLENGER_BOND)).toBe(true);
    const shares = (await events('ChallengerSharePaid')).filter((e) => e.args.submissionId === bad.args.submissionId);
    expect(shares).toHaveLength(1);
    const orders = await Promise.all(
      onBad.map(async (r) => ({
        ...r,
        order: (
          await client.readContract({
            address: coordinator,
            abi: coordinatorAbi,
            functionName: 'dispute',
            args: [r.id],
          })
        ).order,
      })),
    );
    const earliest = orders.reduce((a, b) => (b.order < a.order ? b : a));
    expect(shares[0]!.args.disputeId).toBe(earliest.id);
    expect([fraudProofer, falseAccuser]).toContain(shares[0]!.args.challenger);
    // The first Fraud verdict set the rest of the worker's bond aside for its majority voters.
    const winners = onBad.filter((r) => r.votersPoolWei! > 0n);
    expect(winners).toHaveLength(1);
    const badLease = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [bad.args.submissionId!],
    });
    expect(badLease.status).toBe(SubmissionStatus.Invalid);
    expect((await events('Invalidated')).map((e) => e.args.submissionId)).toContain(bad.args.submissionId);
    // The work built on it was rolled back, its workers refunded, and the steps redone on the honest state:
    // descendants submitted before the verdict are Orphaned, a lease still being computed on it when the
    // verdict lands is cancelled (which of the two happens is the race between the court's phases and the
    // honest worker's compute and store; both are the rollback).
    const orphaned = await events('Orphaned');
    const cancelled = await events('LeaseCancelled');
    expect(orphaned.length + cancelled.length).toBeGreaterThan(0);
    // The fraud-proofer (ref) agreed with every honest worker's steps (native): it disputed the adversary's
    // submission and nothing else.
    expect(opened.filter((e) => e.args.challenger === fraudProofer).map((e) => e.args.submissionId)).toEqual([
      bad.args.submissionId,
    ]);
    // The majority validators are paid for that verdict (from the slashed bond's remainder).
    const ballots = settled.filter((s) => s.args.disputeId === winners[0]!.id);
    const paidMajority = ballots.filter(
      (b) => b.args.majority && (b.args.ethRewardWei! > 0n || b.args.tokenReward! > 0n),
    );
    expect(paidMajority.length).toBeGreaterThanOrEqual(2);
    for (const b of paidMajority) expect(validators).toContain(b.args.voter);

    // The final history is the honest one: every finalized submission's finalRoot is the engine's state, the
    // rewards were minted and claimed, and the loss of that history falls.
    const spec = parseRunSpec({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: TOTAL_STEPS });
    const { records } = runSteps({
      spec,
      checkpoint: encodeCheckpoint(createGenesis(spec)),
      steps: TOTAL_STEPS,
      data: loadRunData(spec),
      stateRoot: stateRootNode,
    });
    const finalized = await events('Finalized');
    expect(finalized.map((f) => Number(f.args.finalizedStep)).sort((a, b) => a - b)).toEqual([4, 8, 12, 16]);
    for (const f of finalized) {
      const s = submitted.find((e) => e.args.submissionId === f.args.submissionId)!;
      expect(s.args.finalRoot).toBe(records[Number(s.args.lastStep) - 1]!.stateRoot as Hex);
      expect(f.args.rewardTokens).toBeGreaterThan(0n);
    }
    expect(finalized.some((f) => honest.includes(f.args.worker!))).toBe(true);
    const claimed = await events('RewardsClaimed');
    expect(claimed.some((c) => honest.includes(c.args.account!) && c.args.amount! > 0n)).toBe(true);
    expect(records.at(-1)!.loss).toBeLessThan(records[0]!.loss);

    // Scenario 2. Every dispute the false accuser opened against an honest worker's submission was judged Honest
    // and credited it nothing: the bond went to the worker, the voters and the treasury.
    const accusations = opened.filter((e) => e.args.challenger === falseAccuser);
    let lost = 0;
    for (const a of accusations) {
      const lease = await client.readContract({
        address: coordinator,
        abi: coordinatorAbi,
        functionName: 'lease',
        args: [a.args.submissionId!],
      });
      if (!honest.includes(lease.holder)) continue; // the adversary's own submissions really are fraudulent
      const r = outcome(a.args.disputeId!);
      expect(r.outcome).toBe(DisputeStatus.Honest);
      expect(r.challengerCreditWei).toBe(0n);
      lost += 1;
    }
    expect(lost).toBeGreaterThan(0);
    // Its ETH: a bond went out with every dispute and only what the court credited came back, less gas; that
    // includes the share of the adversary's slashed bond when the false accuser's dispute of the real fraud was
    // the earliest proven one (paid apart, by ChallengerSharePaid).
    const shareToAccuser = (await events('ChallengerSharePaid'))
      .filter((e) => e.args.challenger === falseAccuser)
      .reduce((sum, e) => sum + e.args.amountWei!, 0n);
    const credited =
      accusations.reduce((sum, a) => sum + outcome(a.args.disputeId!).challengerCreditWei!, 0n) + shareToAccuser;
    const balance = await client.getBalance({ address: falseAccuser });
    expect(balance).toBeLessThan(GENESIS_ETH - BigInt(accusations.length) * CHALLENGER_BOND + credited);

    // Ctrl+C: every child is stopped gracefully, the devnet exits 0, and no process is left behind.
    devnet.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(devnetLines().some((l) => l.includes('CRASHED'))).toBe(false);
    expect(pids.filter(alive)).toEqual([]);
  });
});
