import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, keccak256, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createGenesis, encodeCheckpoint, parseRunSpec, specHash, stateRoot } from '@veritrain/engine';
import { coordinatorAbi } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import type { Deployment } from '@veritrain/protocol';
import { createChainClients, type SigningChainClients } from '../../src/chain/createChainClients';
import { decodeRevert, formatRevert } from '../../src/chain/decodeRevert';
import { writeContractWithRetry } from '../../src/chain/writeContractWithRetry';
import { main } from '../../src/cli/main';
import { buildRunArtifacts } from '../../src/run/buildRunArtifacts';
import { createRun } from '../../src/run/createRun';
import { NodeError } from '../../src/errors';
import { RUN_PRESETS } from '../../src/run/runPresets';
import { runNode, type NodeContext } from '../../src/runtime/runNode';
import { MemoryContentStore } from '../../src/storage/memoryContentStore';
import { spawnNodeProcess } from '../../src/testing';

// anvil's well-known devnet keys (never secrets): 0 deploys and may create runs; 1 and 2 are workers.
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ALICE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const BOB_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';

let anvil: AnvilInstance;
let deployment: Deployment;
let deploymentFile: string;

function io(env: Record<string, string | undefined>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { env, cwd: process.cwd(), stdout, stderr }, out: () => out, err: () => err };
}

async function readRunCount(): Promise<bigint> {
  const { publicClient } = await createChainClients({ rpcUrl: anvil.rpcUrl });
  return publicClient.readContract({ address: deployment.coordinator, abi: coordinatorAbi, functionName: 'runCount' });
}

beforeAll(async () => {
  anvil = await startAnvil();
  deploymentFile = new URL(`../../../deployments/node-core-${process.pid}.json`, import.meta.url).pathname;
  deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, privateKey: DEPLOYER_KEY, outFile: deploymentFile });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('run create on a real anvil', () => {
  const store = new MemoryContentStore();

  it('creates an MNIST run whose on-chain specHash and genesisRoot equal the engine’s', async () => {
    const cli = io({ VERITRAIN_PRIVATE_KEY: DEPLOYER_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl });
    const code = await main(
      [
        'create',
        '--preset',
        'mnist-mlp',
        '--total-steps',
        '64',
        '--deployment',
        deploymentFile,
        '--json',
        '--log-level',
        'trace',
        '--log-format',
        'json',
      ],
      { ...cli.io, store },
    );
    expect(cli.err()).not.toMatch(/error:/);
    expect(code).toBe(0);
    const result = JSON.parse(cli.out()) as Record<string, string>;
    const runId = BigInt(result.runId!);
    expect(runId).toBe(await readRunCount());

    // Independently of node-core: the engine's own hash of the same spec, and the browser-safe stateRoot.
    const spec = parseRunSpec({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: 64 });
    const genesis = encodeCheckpoint(createGenesis(spec));
    const client = anvil && (await createChainClients({ rpcUrl: anvil.rpcUrl })).publicClient;
    const config = await client.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: 'runConfig',
      args: [runId],
    });
    expect(config.specHash).toBe(specHash(spec));
    expect(config.genesisRoot).toBe(stateRoot(genesis));
    expect(config.totalSteps).toBe(64n);
    expect(config.stepsPerLease).toBe(8n);
    expect(config.workerBond).toBe(10n ** 18n);
    expect(config.specCid).toBe(result.specCid);
    expect(config.genesisCid).toBe(result.genesisCid);
    // The stored bytes are the committed ones, pinned.
    expect(keccak256(await store.get(config.specCid))).toBe(config.specHash);
    expect(stateRoot(await store.get(config.genesisCid))).toBe(config.genesisRoot);
    expect(store.pinned).toEqual(new Set([config.specCid, config.genesisCid]));

    // Progress went to stderr as JSON lines, with the resolved config; the key never appears.
    const lines = cli
      .err()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toContain('run create: resolved config');
    expect(lines.find((l) => l.msg === 'run create: resolved config')!.config).toMatchObject({
      'total-steps': '64',
      'rpc-url': `${anvil.rpcUrl}/`,
    });
    expect(cli.err() + cli.out()).not.toContain(DEPLOYER_KEY.slice(2, 66));
    expect(cli.err() + cli.out()).not.toContain(DEPLOYER_KEY.slice(2, 18));
  });

  it('stores the spec and genesis in a real embedded IPFS node that serves them after a restart', async () => {
    const ipfsDir = mkdtempSync(join(tmpdir(), 'vt-ipfs-'));
    const cli = io({ VERITRAIN_PRIVATE_KEY: DEPLOYER_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl });
    const code = await main(
      ['create', '--total-steps', '32', '--deployment', deploymentFile, '--ipfs-dir', ipfsDir, '--json'],
      cli.io,
    );
    expect(cli.err()).not.toMatch(/error:/);
    expect(code).toBe(0);
    const result = JSON.parse(cli.out()) as { specCid: string; genesisCid: string; genesisRoot: Hex; specHash: Hex };
    const { createEmbeddedStore, cidOf } = await import('@veritrain/storage');
    const node = await createEmbeddedStore({ dir: ipfsDir });
    try {
      const genesis = await node.get(result.genesisCid);
      expect(genesis.length).toBeGreaterThan(256 * 1024); // several chunks: a UnixFS DAG, not a raw leaf
      expect(stateRoot(genesis)).toBe(result.genesisRoot);
      expect(await cidOf(genesis)).toBe(result.genesisCid);
      expect(keccak256(await node.get(result.specCid))).toBe(result.specHash);
    } finally {
      await node.close();
    }
  });

  it('decodes a second acquireLease into LeaseHeld(runId, leaseId, holder, deadline) and never retries it', async () => {
    const deployer = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
    const { runId } = await createRun({
      clients: deployer,
      coordinator: deployment.coordinator,
      store: new MemoryContentStore(),
      artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: 16 }),
      terms: {
        stepsPerLease: 4n,
        leaseDurationS: 600n,
        challengeWindowS: 60n,
        workerBondWei: 10n ** 18n,
        challengerBondWei: 1n,
        rewardPerStep: 1n,
      },
    });
    const alice = privateKeyToAccount(ALICE_KEY);
    const retries: string[] = [];
    const retry = {
      retries: 3,
      baseDelayMs: 10,
      onRetry: (i: { operation: string }) => void retries.push(i.operation),
    };
    const aliceClients: SigningChainClients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: alice, retry });
    const bobClients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(BOB_KEY), retry });
    const acquire = {
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: 'acquireLease',
      args: [runId],
      value: 10n ** 18n,
    };
    const { receipt } = await writeContractWithRetry(aliceClients, acquire);
    expect(receipt.status).toBe('success');
    const leaseId = await aliceClients.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: 'leaseCount',
    });
    const lease = await aliceClients.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [leaseId],
    });
    expect(lease.holder).toBe(alice.address);

    const err = await writeContractWithRetry(bobClients, acquire).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeError);
    expect((err as NodeError).code).toBe('REVERTED');
    expect((err as NodeError).exitCode).toBe(4);
    const expected = `LeaseHeld(runId=${runId}, leaseId=${leaseId}, holder=${alice.address}, deadline=${lease.deadline})`;
    expect((err as NodeError).message).toBe(`acquireLease reverted: ${expected}`);
    expect(formatRevert(err)).toBe(expected);
    expect(decodeRevert(err)).toEqual({
      name: 'LeaseHeld',
      args: [
        { name: 'runId', value: runId },
        { name: 'leaseId', value: leaseId },
        { name: 'holder', value: alice.address },
        { name: 'deadline', value: BigInt(lease.deadline) },
      ],
    });
    expect(retries).toEqual([]);
    // A plain viem error decodes too.
    const raw = await bobClients.walletClient
      .writeContract({ ...acquire, functionName: 'acquireLease', args: [runId] } as never)
      .catch((e: unknown) => e);
    expect(formatRevert(raw)).toBe(expected);
    // The race two workers run: the simulation passed, then the lease was taken before the gas estimate. viem's
    // ExecutionRevertedError carries no ABI; the RPC error's data still names LeaseHeld.
    const data = encodeFunctionData({ abi: coordinatorAbi, functionName: 'acquireLease', args: [runId] });
    const estimated = await bobClients.walletClient
      .prepareTransactionRequest({
        account: bobClients.account,
        chain: bobClients.chain,
        to: deployment.coordinator,
        data,
        value: 10n ** 18n,
      } as never)
      .catch((e: unknown) => e);
    expect(estimated).toBeInstanceOf(Error);
    expect(formatRevert(estimated)).toBe(expected);
    expect(formatRevert(new Error('not a revert'))).toBeUndefined();
  });

  it('a key without the run-creator role: exit 4 with the decoded AccessControl error', async () => {
    const cli = io({ VERITRAIN_PRIVATE_KEY: BOB_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl });
    const code = await main(['create', '--deployment', deploymentFile, '--total-steps', '8'], {
      ...cli.io,
      store: new MemoryContentStore(),
    });
    expect(code).toBe(4);
    const bob = privateKeyToAccount(BOB_KEY).address;
    expect(cli.err()).toMatch(
      new RegExp(
        `error: REVERTED: createRun reverted: AccessControlUnauthorizedAccount\\(account=${bob}, neededRole=0x[0-9a-f]{64}\\)`,
      ),
    );
    expect(cli.out()).toBe('');
  });

  it('a wrong --chain-id or a deployment of another chain is exit 3 before anything is sent', async () => {
    const cli = io({ VERITRAIN_PRIVATE_KEY: DEPLOYER_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl });
    expect(await main(['create', '--deployment', deploymentFile, '--chain-id', '1'], cli.io)).toBe(3);
    expect(cli.err()).toContain(`error: WRONG_CHAIN: ${anvil.rpcUrl}/ serves chain 31337, but --chain-id expects 1`);
    const noContract = io({ VERITRAIN_PRIVATE_KEY: DEPLOYER_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl });
    expect(await main(['create', '--coordinator', '0x000000000000000000000000000000000000dEaD'], noContract.io)).toBe(
      3,
    );
    expect(noContract.err()).toContain(
      'no contract at Coordinator address 0x000000000000000000000000000000000000dEaD on chain 31337',
    );
  });
});

describe('run create usage errors', () => {
  it('an unknown flag is exit 2', async () => {
    const cli = io({});
    expect(await main(['create', '--rpc-ulr', 'http://x'], cli.io)).toBe(2);
    expect(cli.err()).toContain("error: unknown option '--rpc-ulr'");
  });

  it('a malformed flag value is exit 2 naming the flag and what was expected', async () => {
    const cli = io({});
    expect(await main(['create', '--lease-duration-s', 'abc'], cli.io)).toBe(2);
    expect(cli.err()).toBe(
      "error: INVALID_CONFIG: --lease-duration-s: expected a positive integer number of seconds, got 'abc'\n",
    );
  });

  it('a malformed key is exit 2 and the key is not printed', async () => {
    const badKey = `0x${'ab'.repeat(31)}zz`;
    const cli = io({ VERITRAIN_PRIVATE_KEY: badKey, VERITRAIN_RPC_URL: 'http://127.0.0.1:1' });
    expect(await main(['create', '--log-level', 'trace'], cli.io)).toBe(2);
    expect(cli.err()).toContain(
      'error: INVALID_KEY: VERITRAIN_PRIVATE_KEY: expected a secp256k1 private key (0x followed by 64 hex digits), got a value with non-hex characters (not shown)',
    );
    expect(cli.err() + cli.out()).not.toContain('abababab');
  });

  it('a bad spec field is exit 2 with the engine’s field path', async () => {
    const cli = io({});
    expect(await main(['create', '--batch-size', '100000', '--dry-run'], cli.io)).toBe(2);
    expect(cli.err()).toContain(
      'error: INVALID_CONFIG: run spec batchSize: expected an integer in [1, 65536], got 100000\n',
    );
  });

  it('takes no --backend: the genesis and its root need no kernels, so a backend could change nothing', async () => {
    const cli = io({});
    expect(await main(['create', '--dry-run', '--backend', 'ref'], cli.io)).toBe(2);
    expect(cli.err()).toContain("error: unknown option '--backend'");
    // The env twin the nodes read is not an option of run create, so it is ignored like any other VERITRAIN_*.
    const withEnv = io({ VERITRAIN_BACKEND: 'native' });
    expect(await main(['create', '--dry-run'], withEnv.io)).toBe(0);
  });

  it('--dry-run prints the hashes without a key or a chain', async () => {
    const cli = io({});
    expect(await main(['create', '--preset', 'mnist-mlp', '--total-steps', '64', '--dry-run', '--json'], cli.io)).toBe(
      0,
    );
    const spec = parseRunSpec({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: 64 });
    expect(JSON.parse(cli.out())).toEqual({
      specHash: specHash(spec),
      genesisRoot: stateRoot(encodeCheckpoint(createGenesis(spec))) as Hex,
      totalSteps: 64,
    });
  });

  it('--help lists every option with its env twin, and examples; exit 0', async () => {
    const cli = io({});
    expect(await main(['create', '--help'], cli.io)).toBe(0);
    const help = cli.out().replace(/\s+/g, ' ');
    expect(help).toContain(
      '--rpc-url <url> JSON-RPC endpoint of the chain (http(s) or ws(s)) [env VERITRAIN_RPC_URL, default http://127.0.0.1:8545]',
    );
    expect(help).toContain(
      '--lease-duration-s <s> seconds a lease holder has to submit [env VERITRAIN_LEASE_DURATION_S, default 600]',
    );
    expect(help).toContain('--config <path>');
    expect(help).toContain('Examples:');
    expect(help).toContain('Exit codes: 0 ok, 1 runtime failure, 2 bad usage/config/key, 3 chain unreachable');
  });
});

describe('a node on the runtime, as a real process', () => {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const fixture = new URL('../fixtures/demoNode.ts', import.meta.url).pathname;
  const dataDir = mkdtempSync(join(tmpdir(), 'vt-demo-'));

  function spawnNode(extra: string[] = []) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsxLoader,
        fixture,
        '--deployment',
        deploymentFile,
        '--data-dir',
        dataDir,
        '--log-format',
        'json',
        ...extra,
      ],
      {
        env: { ...process.env, VERITRAIN_PRIVATE_KEY: ALICE_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const line = stderr.split('\n').find((l) => l.includes('"msg":"ready"'));
        if (line) resolve(JSON.parse(line) as Record<string, unknown>);
      };
      child.stderr.on('data', check);
      child.on('exit', () => reject(new Error(`exited before ready: ${stderr}`)));
    });
    return { child, ready, exited, stderr: () => stderr };
  }

  it('serves /metrics, stops cleanly with exit 0 on the first SIGINT, and resumes its state on restart', async () => {
    const first = spawnNode();
    const ready = await first.ready;
    const body = await (await fetch(ready.metricsUrl as string)).text();
    expect(body).toMatch(/^veritrain_demo_process_resident_memory_bytes\{node="demo"\} \d+/m);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const saved = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { ticks: number; stopped: boolean };
    expect(saved.stopped).toBe(true);
    expect(saved.ticks).toBeGreaterThan(0);
    const logs = first.stderr();
    expect(logs).toContain('"msg":"demo: resolved config"');
    expect(logs).toContain('SIGINT: shutting down gracefully');
    expect(logs).not.toContain(ALICE_KEY.slice(2, 18));

    const second = spawnNode();
    expect((await second.ready).resumedTicks).toBe(saved.ticks);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('computes with the --backend it is given: logs it at start and exports veritrain_backend_info', async () => {
    const node = spawnNodeProcess({
      name: 'demo',
      script: fixture,
      tsxLoader,
      args: [
        '--deployment',
        deploymentFile,
        '--data-dir',
        mkdtempSync(join(tmpdir(), 'vt-demo-')),
        '--log-format',
        'json',
        '--backend',
        'ref',
      ],
      env: { VERITRAIN_PRIVATE_KEY: ALICE_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl },
    });
    expect(await node.waitFor('backend: ref (TypeScript)')).toMatchObject({
      level: 30,
      component: 'engine',
      backend: 'ref',
      requested: 'ref',
    });
    const ready = await node.waitFor('ready');
    const body = await (await fetch(ready.metricsUrl as string)).text();
    expect(body).toContain('veritrain_backend_info{backend="ref",requested="ref",node="demo"} 1');
    expect(body).toContain('# TYPE veritrain_step_seconds histogram');
    node.child.kill('SIGINT');
    expect(await node.exited).toBe(0);
    // One line for the backend, before the chain is touched.
    const msgs = node
      .logs()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs.filter((m) => m.startsWith('backend'))).toEqual(['backend: ref (TypeScript)']);
    expect(msgs.indexOf('backend: ref (TypeScript)')).toBeLessThan(msgs.indexOf('connected'));
  });

  it('a second signal forces exit 130', async () => {
    const node = spawnNode(['--stubborn']);
    await node.ready;
    node.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(node.child.exitCode).toBeNull();
    node.child.kill('SIGINT');
    expect(await node.exited).toBe(130);
    expect(node.stderr()).toContain('SIGINT again: forcing exit');
  });

  /** The demo node in this process, on the test's chain; `run` sees the context. */
  async function runDemo(
    args: string[],
    env: Record<string, string>,
    run: (ctx: NodeContext<Record<string, never>>) => Promise<void> = async () => {},
  ) {
    const cli = io({ VERITRAIN_PRIVATE_KEY: ALICE_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl, ...env });
    let ran = false;
    const code = await runNode(
      {
        name: 'demo',
        description: 'x',
        options: {},
        defaultMetricsPort: 0,
        storage: false,
        examples: [],
        run: async (ctx) => {
          ran = true;
          await run(ctx);
        },
      },
      [
        '--deployment',
        deploymentFile,
        '--data-dir',
        mkdtempSync(join(tmpdir(), 'vt-demo-')),
        '--log-format',
        'json',
        ...args,
      ],
      { ...cli.io, process: new EventEmitter() as never },
    );
    const lines = cli
      .err()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { code, ran, err: cli.err(), lines };
  }

  it('--backend auto (the default) takes the first backend that loads, warns for each one skipped, and exports it', async () => {
    let seen: NodeContext<Record<string, never>>['backend'] | undefined;
    let body = '';
    const r = await runDemo([], {}, async (ctx) => {
      seen = ctx.backend;
      body = await (await fetch(ctx.metricsUrl)).text();
    });
    expect(r.code).toBe(0);
    const b = seen!;
    expect(b.requested).toBe('auto');
    const backendLines = r.lines.filter((l) => String(l.msg).startsWith('backend'));
    expect(backendLines).toEqual([
      ...b.skipped.map((s) => expect.objectContaining({ level: 40, msg: `backend ${s.name} skipped: ${s.reason}` })),
      expect.objectContaining({
        level: 30,
        component: 'engine',
        backend: b.backend.name,
        requested: 'auto',
        msg: `backend: ${b.description}`,
      }),
    ]);
    expect(body).toContain(`veritrain_backend_info{backend="${b.backend.name}",requested="auto",node="demo"} 1`);
  });

  it.each(['native', 'wasm'] as const)(
    '--backend %s either loads, is logged and reaches the work loop, or stops the node with exit 2 BACKEND_UNAVAILABLE before the chain',
    async (name) => {
      for (const [args, env, where] of [
        [['--backend', name], {}, `--backend ${name}`],
        [[], { VERITRAIN_BACKEND: name }, `VERITRAIN_BACKEND=${name}`],
      ] as const) {
        let used: string | undefined;
        const r = await runDemo([...args], env, async (ctx) => {
          used = ctx.backend.backend.name;
        });
        if (r.code === 0) {
          expect(used).toBe(name);
          expect(
            r.lines.some((l) => l.level === 30 && l.backend === name && String(l.msg).startsWith(`backend: ${name}`)),
          ).toBe(true);
        } else {
          expect(r.code).toBe(2);
          expect(r.ran).toBe(false);
          expect(r.err).toMatch(
            new RegExp(`^error: BACKEND_UNAVAILABLE: ${where}: the ${name} backend is unavailable: .+$`, 'm'),
          );
          expect(r.lines.map((l) => l.msg)).not.toContain('connected');
          expect(r.lines.map((l) => l.msg)).not.toContain('metrics endpoint');
        }
      }
    },
  );

  it('an unreachable chain is exit 3 with a clear message, before the work loop runs', async () => {
    const cli = io({ VERITRAIN_PRIVATE_KEY: ALICE_KEY });
    let ran = false;
    const code = await runNode(
      {
        name: 'demo',
        description: 'x',
        options: {},
        defaultMetricsPort: 0,
        examples: [],
        run: async () => {
          ran = true;
        },
      },
      ['--rpc-url', 'http://127.0.0.1:1', '--rpc-retries', '1', '--log-format', 'json'],
      { ...cli.io, process: new EventEmitter() as never },
    );
    expect(code).toBe(3);
    expect(ran).toBe(false);
    expect(cli.err()).toMatch(
      /error: RPC_UNAVAILABLE: cannot reach the chain at http:\/\/127\.0\.0\.1:1\/: eth_chainId: the RPC endpoint is unavailable/,
    );
    expect(cli.err()).toContain('"msg":"fatal"');
  });
});
