// The hostile-manifest scenario of `npm start`, as real processes: the adversarial worker corrupts a step and
// publishes, as its submission's manifest CID, a DAG of a few blocks whose root declares 256 MiB. The
// fraud-proofer must refuse it from the root block (it never buffers the 256 MiB), stay up, and dispute the
// lease as a whole (without the records it cannot name a step); the validators recompute the lease and judge
// Fraud; the honest worker redoes the steps and the run finishes.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { coordinatorAbi, DisputeStatus, manifestMaxBytes, SubmissionStatus } from '@veritrain/protocol';
import { readDeployment } from '@veritrain/protocol/node';
import { anvilKey, ROLE_ACCOUNT } from '../src/accounts';
import { alive, FAST_TERMS, startDevnetProcess, type DevnetProcess } from './support/devnetProcess';

const TOTAL_STEPS = 8;
const K = 4;
const address = (i: number): Address => privateKeyToAccount(anvilKey(i)).address;
const honest = address(ROLE_ACCOUNT.firstWorker);
const adversary = address(ROLE_ACCOUNT.firstWorker + 1);
const fraudProofer = address(ROLE_ACCOUNT.fraudProofer);

let dev: DevnetProcess;

beforeAll(async () => {
  dev = await startDevnetProcess('devnet-huge-manifest', [
    '--adversarial-fraud',
    'huge-manifest',
    '--workers',
    '1',
    '--steps',
    String(TOTAL_STEPS),
    '--steps-per-lease',
    String(K),
    ...FAST_TERMS,
  ]);
});

afterAll(async () => {
  await dev?.stop();
});

describe('npm start --adversarial-fraud huge-manifest', () => {
  it('the fraud-proofer refuses the 256 MiB manifest after its root block, stays up and disputes the lease; the validators judge Fraud; the run finishes on honest work', async () => {
    onTestFailed(() => console.log(`---- devnet output (last 150 lines)\n${dev.tail()}`));
    const d = readDeployment(dev.deploymentFile);
    const client = createPublicClient({ transport: http(dev.rpcUrl) });
    const fromBlock = BigInt(d.startBlock);
    const runId = BigInt((await dev.waitForOutput(/run id\s+(\d+)/, 1_000))[1]!);
    const pids = dev.pids();
    expect(pids.length).toBe(1 + 1 + 3 + 1 + 2); // anvil, hub, validators, the fraud-proofer, two workers

    const published = await dev.waitForLog(
      'adversary',
      (l) => l.msg === 'ADVERSARIAL: submitting a manifest CID that names a huge DAG',
      120_000,
    );
    expect(published.declaredMib).toBe(256);
    // Refused from the root block's declared size against the bound of a 4-step manifest, not read.
    const found = await dev.waitForLog(
      'fraud-proofer',
      (l) => l.msg === 'FRAUD found; committing to a dispute',
      120_000,
    );
    expect(found.reason).toContain(
      `declares ${256 * 1024 * 1024} bytes, expected at most maxBytes ${manifestMaxBytes(K)}`,
    );
    const opened = await dev.waitForLog('fraud-proofer', (l) => l.msg === 'dispute opened', 60_000);
    expect(opened.step).toBe(0); // the whole lease: without the records no single step can be proven
    await dev.waitForLog('fraud-proofer', (l) => l.msg === 'dispute resolved: Fraud', 120_000);
    for (const v of ['validator-1', 'validator-2', 'validator-3']) {
      expect(
        dev
          .nodeLogs(v)
          .filter((l) => l.msg === 'vote committed')
          .map((l) => l.vote),
        v,
      ).toEqual(['Fraud']);
    }

    // The run finishes on the honest worker's steps; the adversary leaves after its one lease.
    for (const w of ['adversary', 'worker-1'])
      await dev.waitForOutput(new RegExp(`\\[devnet\\] ${w} finished \\(exit 0\\)`), 170_000);
    const rs = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(TOTAL_STEPS);

    // On chain: the adversary's lease is the one disputed, by the fraud-proofer, judged Fraud, and Invalid.
    const submitted = await client.getContractEvents({
      address: d.coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      fromBlock,
    });
    const bad = submitted.filter((e) => e.args.worker === adversary);
    expect(bad).toHaveLength(1);
    const disputes = await client.getContractEvents({
      address: d.coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      fromBlock,
    });
    expect(disputes.map((e) => [e.args.submissionId, e.args.challenger])).toEqual([
      [bad[0]!.args.submissionId, fraudProofer],
    ]);
    const resolved = await client.getContractEvents({
      address: d.coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeResolved',
      fromBlock,
    });
    expect(resolved.map((e) => e.args.outcome)).toEqual([DisputeStatus.Fraud]);
    const badLease = await client.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [bad[0]!.args.submissionId!],
    });
    expect(badLease.status).toBe(SubmissionStatus.Invalid);
    const finalized = await client.getContractEvents({
      address: d.coordinator,
      abi: coordinatorAbi,
      eventName: 'Finalized',
      fromBlock,
    });
    expect(finalized.map((f) => f.args.worker)).toEqual([honest, honest]);

    // The judges were up the whole time: nothing but the two workers finished, nothing crashed.
    const ended = dev.devnetLines().filter((l) => / finished \(exit|CRASHED/.test(l));
    expect(ended.map((l) => l.match(/\[devnet\] (\S+)/)![1]).sort()).toEqual(['adversary', 'worker-1']);

    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  });
});
