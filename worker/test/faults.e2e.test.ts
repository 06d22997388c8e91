import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, createTestClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { buildRunArtifacts, createChainClients, createRun, RUN_PRESETS } from '@veritrain/node-core';
import { freeLoopbackPort, type NodeProcess } from '@veritrain/node-core/testing';
import { coordinatorAbi } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { spawnWorker } from './support/spawnWorker';
import { createEmbeddedStore, type EmbeddedStore } from '@veritrain/storage';

// Fault scenarios of one worker process against a real anvil and real embedded IPFS, one chain for the file.
// anvil's well-known devnet keys (never secrets).
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ALICE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const BOB_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ALICE = privateKeyToAccount(ALICE_KEY).address;
const BOB = privateKeyToAccount(BOB_KEY).address;
const TREASURY = privateKeyToAccount(DEPLOYER_KEY).address;
const BOND = 10n ** 18n;
const LEASE_S = 30n;

let anvil: AnvilInstance;
let deploymentFile: string;
let coordinator: `0x${string}`;
let seed: EmbeddedStore;
const children: ChildProcess[] = [];
const allLogs: (() => string)[] = [];

function startWorker(
  runId: bigint,
  dataDir: string,
  ipfsPort: number,
  extra: string[] = [],
  key = ALICE_KEY,
  peers: string[] = [],
): NodeProcess {
  const worker = spawnWorker({
    runId,
    rpcUrl: anvil.rpcUrl,
    deploymentFile,
    key,
    dataDir,
    ipfsPort,
    bootstrap: [seed.multiaddrs()[0]!, ...peers],
    extra,
  });
  children.push(worker.child);
  allLogs.push(worker.logs);
  return worker;
}

async function newRun(totalSteps: number, leaseDurationS = LEASE_S): Promise<bigint> {
  const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
  const { runId } = await createRun({
    clients,
    coordinator,
    store: seed,
    artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps }),
    terms: {
      stepsPerLease: 4n,
      leaseDurationS,
      challengeWindowS: 2n,
      workerBondWei: BOND,
      challengerBondWei: 10n ** 17n,
      rewardPerStep: 10n ** 18n,
    },
  });
  return runId;
}

function printLogsOnFailure() {
  onTestFailed(() => {
    for (const [i, l] of allLogs.entries()) {
      const lines = l()
        .trim()
        .split('\n')
        .map((x) => {
          try {
            const o = JSON.parse(x);
            return `${o.time % 1e6} ${o.msg} ${JSON.stringify({ ...o, time: undefined, msg: undefined, pid: undefined, hostname: undefined, name: undefined, level: undefined, config: undefined })}`;
          } catch {
            return x;
          }
        });
      console.log(`---- worker log ${i}\n${lines.slice(-40).join('\n')}`);
    }
  });
}

beforeAll(async () => {
  anvil = await startAnvil({ args: ['--block-time', '1'] });
  deploymentFile = new URL(`../../deployments/worker-faults-e2e-${process.pid}.json`, import.meta.url).pathname;
  ({ coordinator } = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: DEPLOYER_KEY,
    outFile: deploymentFile,
  }));
  seed = await createEmbeddedStore({ dir: mkdtempSync(join(tmpdir(), 'vt-seed-')) });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await seed?.close();
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('worker fault scenarios', () => {
  it('a lone worker whose lease lapsed (killed, restarted without its state after the deadline) expires it itself and finishes the run', async () => {
    printLogsOnFailure();
    const runId = await newRun(8);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(anvil.rpcUrl) });
    const dir = mkdtempSync(join(tmpdir(), 'vt-lapse-'));
    const port = await freeLoopbackPort();

    const first = startWorker(runId, dir, port, ['--throttle-step-ms', '2000']);
    const acquired = await first.waitFor('lease acquired');
    first.child.kill('SIGKILL');
    await first.exited;
    // As if it died right after acquireLease was mined, before saving: the state file does not know the lease.
    rmSync(join(dir, 'worker.json'));
    await testClient.increaseTime({ seconds: Number(LEASE_S) + 5 });
    await testClient.mine({ blocks: 1 });

    const balanceBefore = await client.getBalance({ address: ALICE });
    const second = startWorker(runId, dir, port);
    await second.waitFor('expired our own lapsed lease');
    // The holder of the lease that expired last may not lease that run again for leaseCooldown (the
    // anti-squatting rule, docs/protocol.md): alone on the run, it waits it out, then takes the next lease.
    const [holder, until] = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'leaseCooldownOf',
      args: [runId],
    });
    expect(holder).toBe(ALICE);
    const now = (await client.getBlock()).timestamp;
    await testClient.increaseTime({ seconds: Number(until - now) + 2 });
    await testClient.mine({ blocks: 1 });
    expect(await second.exited).toBe(0);

    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(8);
    const expired = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'LeaseExpired',
      args: { runId },
      fromBlock: 0n,
    });
    expect(expired).toHaveLength(1);
    expect(expired[0]!.args.leaseId!.toString()).toBe(acquired.leaseId);
    expect(expired[0]!.args.holder).toBe(ALICE);
    // The holder expired it: the keeper share went to the treasury, not to anyone who did nothing.
    expect(expired[0]!.args.keeper).toBe(TREASURY);
    const logs = second.logs();
    expect(logs).toContain('"msg":"expired our own lapsed lease"');
    expect(logs).not.toContain('"msg":"adopting our live lease found on chain"');
    // No adopt/drop loop and no stray transaction: the expiry, two leases acquired and submitted, their
    // finalizations and the withdrawals, each once.
    const submitted = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      args: { runId },
      fromBlock: 0n,
    });
    expect(submitted.map((e) => e.args.worker)).toEqual([ALICE, ALICE]);
    // Books: everything but the expiry slash of the one lapsed bond came back (less gas), and nothing is owed.
    const credits = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'credits',
      args: [ALICE],
    });
    expect(credits).toBe(0n);
    const slashed = expired[0]!.args.slashedWei!;
    expect(slashed).toBe(BOND / 10n);
    const balanceAfter = await client.getBalance({ address: ALICE });
    const gasBound = 10n ** 16n;
    expect(balanceBefore + (BOND - slashed) - balanceAfter).toBeLessThan(gasBound);
    expect(balanceAfter - (balanceBefore + BOND - slashed)).toBeLessThanOrEqual(0n);
  }, 180_000);

  it('the previous worker frozen (SIGSTOP) right after submitting: the next one waits for its checkpoint instead of taking a lease it cannot finish', async () => {
    printLogsOnFailure();
    const leaseS = 20;
    const runId = await newRun(12, BigInt(leaseS));
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const alice = startWorker(runId, mkdtempSync(join(tmpdir(), 'vt-frozen-')), await freeLoopbackPort());
    const aliceAddr = ((await alice.waitFor('content store open')).multiaddrs as string[])[0]!;
    await alice.waitFor('submitted');
    // Its checkpoint is only on its own node: frozen, it answers nobody, for longer than a lease lasts.
    alice.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    const bob = startWorker(runId, mkdtempSync(join(tmpdir(), 'vt-next-')), await freeLoopbackPort(), [], BOB_KEY, [
      aliceAddr,
    ]);
    await bob.waitFor('prefetching the checkpoint the next lease builds on');
    while (Date.now() - frozenAt < (leaseS + 5) * 1000) await new Promise((r) => setTimeout(r, 500));
    // Bob took no lease while the parent was out of reach.
    expect(bob.logs()).not.toContain('"msg":"lease acquired"');
    alice.child.kill('SIGCONT');
    expect(await bob.exited).toBe(0);
    expect(await alice.exited).toBe(0);

    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(12);
    const expired = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'LeaseExpired',
      args: { runId },
      fromBlock: 0n,
    });
    expect(expired).toEqual([]);
    const submitted = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      args: { runId },
      fromBlock: 0n,
    });
    expect(submitted).toHaveLength(3);
    expect(submitted[0]!.args.worker).toBe(ALICE);
    for (const who of [ALICE, BOB]) {
      expect(
        await client.readContract({ address: coordinator, abi: coordinatorAbi, functionName: 'credits', args: [who] }),
      ).toBe(0n);
    }
  }, 180_000);

  it('killed between broadcasting submit and its receipt: at restart the transaction is found, not sent again', async () => {
    printLogsOnFailure();
    // A long lease: anvil stamps the next block with the wall clock, and the chain stands still across a
    // restart that takes 20 s on a loaded machine; the submit must still be in time when mining resumes.
    const runId = await newRun(8, 120n);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(anvil.rpcUrl) });
    const fromBlock = await client.getBlockNumber();
    const dir = mkdtempSync(join(tmpdir(), 'vt-midtx-'));
    const port = await freeLoopbackPort();
    const first = startWorker(runId, dir, port, ['--log-level', 'debug']);
    const acquired = await first.waitFor('lease acquired');
    // No block is mined from here on: the submit stays in anvil's mempool, with no receipt.
    await testClient.setIntervalMining({ interval: 0 });
    const key = `submit:${runId}:${acquired.leaseId}`;
    await first.waitFor(`intent ${key} saved; broadcasting`);
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.logs()).not.toContain('"msg":"submitted"');

    const second = startWorker(runId, dir, port);
    await second.waitFor('content store open');
    await testClient.setIntervalMining({ interval: 1 });
    expect(await second.exited).toBe(0);
    expect(second.logs()).toContain(`"msg":"intent ${key}: mined before the restart"`);

    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(8);
    const submitted = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      args: { runId },
      fromBlock: 0n,
    });
    expect(submitted.map((e) => e.args.submissionId!.toString())).toContain(acquired.leaseId);
    // Every transaction the worker ever sent succeeded: no second submit that reverted (LeaseNotLive).
    const head = await client.getBlockNumber();
    let sent = 0;
    for (let b = fromBlock; b <= head; b++) {
      const block = await client.getBlock({ blockNumber: b, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== ALICE.toLowerCase()) continue;
        sent += 1;
        expect((await client.getTransactionReceipt({ hash: tx.hash })).status).toBe('success');
      }
    }
    expect(sent).toBeGreaterThan(0);
  });
});
