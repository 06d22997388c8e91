import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { buildRunArtifacts, createChainClients, createRun, RUN_PRESETS } from '@veritrain/node-core';
import { coordinatorAbi } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createEmbeddedStore, type EmbeddedStore } from '@veritrain/storage';

// anvil's well-known devnet keys (never secrets).
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const WORKER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

let anvil: AnvilInstance | undefined;
let seed: EmbeddedStore | undefined;
const deploymentFile = new URL(`../../deployments/worker-outage-${process.pid}.json`, import.meta.url).pathname;
afterAll(async () => {
  await seed?.close();
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

it('a worker rides out the RPC being down for several seconds in the middle of a run, and finishes it', async () => {
  // --state: the chain survives the restart (dumped on stop, loaded on start), like a real node going away.
  const stateFile = join(mkdtempSync(join(tmpdir(), 'vt-anvil-')), 'state.json');
  const anvilArgs = ['--block-time', '1', '--state', stateFile];
  anvil = await startAnvil({ args: anvilArgs });
  const { port, rpcUrl } = anvil;
  const d = await deployContracts({ rpcUrl, privateKey: DEPLOYER_KEY, outFile: deploymentFile });
  seed = await createEmbeddedStore({ dir: mkdtempSync(join(tmpdir(), 'vt-seed-')) });
  const { runId } = await createRun({
    clients: await createChainClients({ rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) }),
    coordinator: d.coordinator,
    store: seed,
    artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: 8 }),
    terms: {
      stepsPerLease: 4n,
      leaseDurationS: 300n,
      challengeWindowS: 2n,
      workerBondWei: 10n ** 18n,
      challengerBondWei: 1n,
      rewardPerStep: 1n,
    },
  });

  const child = spawn(
    process.execPath,
    [
      '--import',
      createRequire(import.meta.url).resolve('tsx'),
      new URL('../src/main.ts', import.meta.url).pathname,
      '--run-id',
      runId.toString(),
      '--deployment',
      deploymentFile,
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'vt-wo-')),
      '--metrics-port',
      '0',
      '--ipfs-bootstrap',
      seed.multiaddrs()[0]!,
      '--poll-interval-ms',
      '200',
      // Few retries per call, so the outage outlasts them and the loop's own backoff is exercised too.
      '--rpc-retries',
      '2',
      '--throttle-step-ms',
      '250',
      '--log-format',
      'json',
    ],
    {
      env: { ...process.env, VERITRAIN_PRIVATE_KEY: WORKER_KEY, VERITRAIN_RPC_URL: rpcUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let logs = '';
  child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
  onTestFailed(() => console.log(logs.split('\n').slice(-40).join('\n')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => {
    const check = () => {
      if (!logs.includes('"msg":"lease acquired"')) return;
      child.stderr.off('data', check);
      resolve();
    };
    child.stderr.on('data', check);
  });

  await anvil.stop();
  await new Promise((r) => setTimeout(r, 6_000));
  anvil = await startAnvil({ port, args: anvilArgs });

  expect(await exited).toBe(0);
  expect(logs).toMatch(/RPC fault \(connection refused\)/);
  expect(logs).toContain('"msg":"iteration failed; backing off"');
  const client = createPublicClient({ transport: http(rpcUrl) });
  const rs = await client.readContract({
    address: d.coordinator,
    abi: coordinatorAbi,
    functionName: 'runState',
    args: [runId],
  });
  expect(Number(rs.finalizedStep)).toBe(8);
});
