import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createGenesis, encodeCheckpoint, parseRunSpec, runSteps } from '@veritrain/engine';
import { loadRunData, stateRootNode } from '@veritrain/engine/node';
import {
  buildRunArtifacts,
  createChainClients,
  createRun,
  MemoryContentStore,
  RUN_PRESETS,
} from '@veritrain/node-core';
import { freeLoopbackPort, type NodeProcess } from '@veritrain/node-core/testing';
import { coordinatorAbi, SubmissionStatus } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { spawnWorker } from './support/spawnWorker';
import { createEmbeddedStore, type EmbeddedStore } from '@veritrain/storage';

// anvil's well-known devnet keys (never secrets).
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ALICE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const BOB_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const TOTAL_STEPS = 16;
const K = 4;

let anvil: AnvilInstance;
let deploymentFile: string;
let coordinator: `0x${string}`;
let seed: EmbeddedStore;
let runId: bigint;
const children: ChildProcess[] = [];
const allLogs: (() => string)[] = [];

type Worker = NodeProcess;

function startWorker(
  key: string,
  dataDir: string,
  ipfsPort: number,
  bootstrap: string[],
  extra: string[] = [],
): Worker {
  const worker = spawnWorker({ runId, rpcUrl: anvil.rpcUrl, deploymentFile, key, dataDir, ipfsPort, bootstrap, extra });
  children.push(worker.child);
  allLogs.push(worker.logs);
  return worker;
}

beforeAll(async () => {
  // Blocks every second, like the devnet, so challenge windows pass without transactions.
  anvil = await startAnvil({ args: ['--block-time', '1'] });
  deploymentFile = new URL(`../../deployments/worker-e2e-${process.pid}.json`, import.meta.url).pathname;
  const d = await deployContracts({ rpcUrl: anvil.rpcUrl, privateKey: DEPLOYER_KEY, outFile: deploymentFile });
  coordinator = d.coordinator;
  seed = await createEmbeddedStore({ dir: mkdtempSync(join(tmpdir(), 'vt-seed-')) });
  const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
  ({ runId } = await createRun({
    clients,
    coordinator,
    store: seed,
    artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: TOTAL_STEPS }),
    terms: {
      stepsPerLease: BigInt(K),
      leaseDurationS: 120n,
      challengeWindowS: 2n,
      workerBondWei: 10n ** 18n,
      challengerBondWei: 10n ** 17n,
      rewardPerStep: 10n ** 18n,
    },
  }));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await seed?.close();
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('worker processes on a real anvil and real IPFS', () => {
  it('two workers train the run to the end, one of them killed -9 mid-lease and resumed; every commitment is the engine’s', async () => {
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
    const [portA, portB] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const [dirA, dirB] = [mkdtempSync(join(tmpdir(), 'vt-wa-')), mkdtempSync(join(tmpdir(), 'vt-wb-'))];
    const seedAddr = seed.multiaddrs()[0]!;

    // Alice computes slowly so the kill lands between acquiring and submitting.
    const alice = startWorker(ALICE_KEY, dirA, portA, [seedAddr], ['--throttle-step-ms', '400']);
    const aliceAddr = ((await alice.waitFor('content store open')).multiaddrs as string[])[0]!;
    const acquired = await alice.waitFor('lease acquired');
    alice.child.kill('SIGKILL');
    await alice.exited;

    const bob = startWorker(BOB_KEY, dirB, portB, [seedAddr, aliceAddr]);
    const bobAddr = ((await bob.waitFor('content store open')).multiaddrs as string[])[0]!;
    const alice2 = startWorker(ALICE_KEY, dirA, portA, [seedAddr, bobAddr]);
    const resumed = await alice2.waitFor('submitted');
    expect(resumed.leaseId).toBe(acquired.leaseId);

    expect(await bob.exited).toBe(0);
    expect(await alice2.exited).toBe(0);

    // On chain: the whole run final, and every submission's finalRoot equal to the engine's honest state.
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(TOTAL_STEPS);
    const spec = parseRunSpec({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: TOTAL_STEPS });
    const { records } = runSteps({
      spec,
      checkpoint: encodeCheckpoint(createGenesis(spec)),
      steps: TOTAL_STEPS,
      data: loadRunData(spec),
      stateRoot: stateRootNode,
    });
    const submitted = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      args: { runId },
      fromBlock: 0n,
    });
    expect(submitted).toHaveLength(TOTAL_STEPS / K);
    for (const e of submitted) {
      expect(e.args.finalRoot).toBe(records[Number(e.args.lastStep) - 1]!.stateRoot as Hex);
      const lease = await client.readContract({
        address: coordinator,
        abi: coordinatorAbi,
        functionName: 'lease',
        args: [e.args.submissionId!],
      });
      expect(lease.status).toBe(SubmissionStatus.Final);
    }
    const workers = new Set(submitted.map((e) => e.args.worker));
    expect(workers).toEqual(new Set([privateKeyToAccount(ALICE_KEY).address, privateKeyToAccount(BOB_KEY).address]));
    // Nobody's lease expired: the killed worker's lease was resumed and submitted.
    const expired = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'LeaseExpired',
      fromBlock: 0n,
    });
    expect(expired).toHaveLength(0);
    expect(alice.logs()).not.toContain(ALICE_KEY.slice(2, 20));
  });

  it('a run whose spec is nowhere on IPFS: exit 5 with a clear message, no lease taken', async () => {
    const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
    // The spec and genesis go to a store no node can reach.
    const { runId: orphanRun } = await createRun({
      clients,
      coordinator,
      store: new MemoryContentStore(),
      artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: 8 }),
      terms: {
        stepsPerLease: 4n,
        leaseDurationS: 120n,
        challengeWindowS: 2n,
        workerBondWei: 10n ** 18n,
        challengerBondWei: 1n,
        rewardPerStep: 1n,
      },
    });
    const previous = runId;
    runId = orphanRun;
    const w = startWorker(
      BOB_KEY,
      mkdtempSync(join(tmpdir(), 'vt-wc-')),
      await freeLoopbackPort(),
      [seed.multiaddrs()[0]!],
      ['--ipfs-timeout-ms', '1500'],
    );
    runId = previous;
    expect(await w.exited).toBe(5);
    expect(w.logs()).toMatch(/error: STORAGE TIMEOUT: .*bafkrei/);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [orphanRun],
    });
    expect(Number(rs.liveLeaseId)).toBe(0);
  });
});
