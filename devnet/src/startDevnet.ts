import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { privateKeyToAccount } from 'viem/accounts';
import type { Address } from 'viem';
import type { Deployment } from '@veritrain/protocol';
import { assertPortFree, deployContracts, foundryBinary } from '@veritrain/protocol/node';
import { anvilAccountCount, anvilKey, ROLE_ACCOUNT, workerAccount } from './accounts';
import { DevnetError } from './devnetError';
import { DEVNET_PRESETS } from './devnetPresets';
import { startCheckpointArchiver, type CheckpointArchiver } from './checkpointArchiver';
import { stakePageVoter } from './pageVoter';
import type { BackendChoice } from '@veritrain/engine';
import type { DevnetOptions } from './options';
import { createSupervisor, type ExitInfo, type ManagedChild, type Supervisor } from './supervisor';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type NodeRole = 'worker' | 'adversarial-worker' | 'fraud-proofer' | 'validator';

export type DevnetNode = {
  name: string;
  role: NodeRole;
  address: Address;
  /** undefined when the node picked a free port (--metrics-base-port 0). */
  metricsPort: number | undefined;
  /** The --backend it was started with (what it loaded is in its `backend: …` log line). */
  backend: BackendChoice;
  dataDir: string;
  child: ManagedChild;
};

export type Devnet = {
  rpcUrl: string;
  deploymentFile: string;
  deployment: Deployment;
  /** The first demo run: the one the adversary, the fraud-proofers and the dashboard's default view are on. */
  runId: bigint;
  /** Every demo run (`--runs`), the first one first. */
  runIds: bigint[];
  anvil: ManagedChild;
  ipfs: ManagedChild;
  /** undefined with --dashboard-port 0 or without the dashboard workspace. */
  dashboard: ManagedChild | undefined;
  dashboardUrl: string | undefined;
  /** The hub's HTTP gateway: GET /ipfs/<cid> (without the dashboard on a free port). */
  ipfsGateway: string | undefined;
  /** Copies every submission's manifest and checkpoint into the hub. */
  archiver: CheckpointArchiver | undefined;
  /** Staked in the court with no validator daemon: the dashboard votes as this account (anvil account 9). */
  pageVoter: { accountIndex: number; address: Address; stakeWei: bigint };
  /** The hub's multiaddr: give it to any other node as --ipfs-bootstrap. */
  ipfsBootstrap: string;
  nodes: DevnetNode[];
  /** Node kinds whose CLI is not in this checkout, so they were not started. */
  missing: NodeRole[];
  supervisor: Supervisor;
  /** SIGINT to every child, SIGKILL after graceMs; resolves with how each ended. */
  stop(): Promise<ExitInfo[]>;
};

export type DevnetIo = {
  out: Writable;
  color: boolean;
  log: (message: string) => void;
  onEarlyExit?: (info: ExitInfo, child: ManagedChild) => void;
  /** Aborting it (a Ctrl+C while starting) stops what has started and makes startDevnet reject. */
  signal?: AbortSignal;
  /** Hands over the supervisor as soon as it exists, so a forced exit can kill children even while starting. */
  onSupervisor?: (supervisor: Supervisor) => void;
};

/** The DAG the huge-manifest adversary names: 256 MiB declared in a few blocks (the worker builds it, it is never read). */
const HUGE_MANIFEST_MIB = 256;

/** Shutdown order (highest first): workers may still be submitting and need the judges' peers, the hub and the
 *  chain; the chain goes last. */
const TIER = { chain: 0, services: 1, judges: 2, workers: 3 } as const;

// Each node's bin, through its package's exports (never by path into another package's folder).
const BINS: Record<'worker' | 'fraud-proofer' | 'validator' | 'ipfs' | 'run', string> = {
  worker: '@veritrain/worker/bin',
  'fraud-proofer': '@veritrain/fraud-proofer/bin',
  validator: '@veritrain/validator/bin',
  ipfs: '@veritrain/storage/bin',
  run: '@veritrain/node-core/bin',
};
const binPath = (name: keyof typeof BINS) => createRequire(import.meta.url).resolve(BINS[name]);

async function waitForRpc(rpcUrl: string, anvil: ManagedChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (anvil.process.exitCode !== null) {
      throw new DevnetError(
        'START_FAILED',
        `anvil exited with code ${anvil.process.exitCode} (is ${rpcUrl} already in use? try --port): ${anvil.tail(5).join(' | ')}`,
      );
    }
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DevnetError('START_FAILED', `anvil did not answer on ${rpcUrl} within ${timeoutMs} ms`);
}

/** Short, so a devnet validator can leave soon; the court refuses one no longer than a vote (commit + reveal). */
export function unbondingDelayS(o: Pick<DevnetOptions, 'commitDurationS' | 'revealDurationS'>): number {
  return Math.max(120, o.commitDurationS + o.revealDurationS + 60);
}

/** `veritrain-run create` as a one-shot process: its embedded IPFS node writes into the hub's directory. */
async function createDemoRun(
  o: DevnetOptions,
  rpcUrl: string,
  deploymentFile: string,
  ipfsDir: string,
): Promise<bigint> {
  const args = [
    binPath('run'),
    'create',
    '--json',
    '--rpc-url',
    rpcUrl,
    '--deployment',
    deploymentFile,
    '--ipfs-dir',
    ipfsDir,
    '--preset',
    o.preset,
    '--total-steps',
    String(o.totalSteps),
    '--steps-per-lease',
    String(o.stepsPerLease),
    '--lease-duration-s',
    String(o.leaseDurationS),
    '--challenge-window-s',
    String(o.challengeWindowS),
    '--log-format',
    'json',
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, VERITRAIN_PRIVATE_KEY: anvilKey(ROLE_ACCOUNT.deployer) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new DevnetError('START_FAILED', `run create exited with code ${code}:\n${stderr.slice(-3000)}`);
  try {
    return BigInt((JSON.parse(stdout.trim().split('\n').at(-1)!) as { runId: string }).runId);
  } catch (cause) {
    throw new DevnetError('START_FAILED', `run create printed no JSON result: ${JSON.stringify(stdout.slice(-500))}`, {
      cause,
    });
  }
}

/**
 * Starts the whole devnet and resolves once every node runs (and the adversarial worker holds its first lease,
 * so the fraud lands early in the run). On a failure while starting, everything started so far is stopped.
 */
export async function startDevnet(o: DevnetOptions, io: DevnetIo): Promise<Devnet> {
  const dataDir = path.resolve(repoRoot, o.dataDir);
  const deploymentFile = path.resolve(repoRoot, o.deploymentFile);
  // Wiped at every start (the chain is new), so only ever a directory this devnet made: it leaves a marker.
  const marker = path.join(dataDir, '.veritrain-devnet');
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0 && !existsSync(marker)) {
    throw new DevnetError(
      'INVALID_OPTION',
      `--data-dir ${dataDir}: expected a new or empty directory, or one a devnet made (it has no ${path.basename(marker)} marker); refusing to wipe it`,
    );
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(marker, 'made by veritrain-devnet; wiped at every start\n');
  const names = [
    'anvil',
    'ipfs',
    'fraud-proofer',
    'adversary',
    `worker-${Math.max(4, o.honestWorkers)}`,
    'validator-3',
    'dashboard',
    ...(o.falseAccusers > 0 ? ['false-accuser'] : []),
  ];
  const supervisor = createSupervisor({
    out: io.out,
    color: io.color,
    graceMs: o.graceMs,
    labelWidth: Math.max(...names.map((n) => n.length)),
    ...(io.onEarlyExit ? { onEarlyExit: io.onEarlyExit } : {}),
  });
  io.onSupervisor?.(supervisor);
  const onAbort = () => void supervisor.stopAll();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  const checkAborted = () => {
    if (io.signal?.aborted) throw new DevnetError('START_FAILED', 'stopped by a signal while starting');
  };
  try {
    const rpcUrl = `http://127.0.0.1:${o.port}`;
    // A chain already on the port would answer the readiness probe and get our deploy and our nodes' keys.
    await assertPortFree(o.port).catch((cause: Error) => {
      throw new DevnetError('START_FAILED', `${cause.message}; try --port`, { cause });
    });
    io.log(`starting anvil on ${rpcUrl} (1 s blocks) ...`);
    const anvil = supervisor.start({
      name: 'anvil',
      command: foundryBinary('anvil'),
      // Workers past the fourth sign with accounts 10 and up (accounts.ts): anvil funds as many as there are.
      args: [
        '--host',
        '127.0.0.1',
        '--port',
        String(o.port),
        '--block-time',
        '1',
        '--accounts',
        String(anvilAccountCount(o.honestWorkers + o.adversarialWorkers)),
        '--silent',
      ],
      quiet: true,
      tier: TIER.chain,
    });
    await waitForRpc(rpcUrl, anvil, 20_000);

    checkAborted();
    io.log('deploying RewardToken, Coordinator and DisputeCourt with forge ...');
    const deployment = await deployContracts({
      rpcUrl,
      privateKey: anvilKey(ROLE_ACCOUNT.deployer),
      outFile: deploymentFile,
      env: {
        VERITRAIN_COMMIT_DURATION_S: String(o.commitDurationS),
        VERITRAIN_REVEAL_DURATION_S: String(o.revealDurationS),
        VERITRAIN_UNBONDING_DELAY_S: String(unbondingDelayS(o)),
      },
    }).catch((cause: Error) => {
      throw new DevnetError('START_FAILED', `forge deploy failed: ${cause.message.slice(-3000)}`, { cause });
    });

    checkAborted();
    // Half a validator's default stake: quorum and majority never depend on whether someone votes from the page.
    const pageVoterStakeWei = 500n * 10n ** 18n;
    const pageVoterAddress = await stakePageVoter(rpcUrl, deployment, ROLE_ACCOUNT.spare, pageVoterStakeWei).catch(
      (cause: Error) => {
        throw new DevnetError('START_FAILED', `staking the page voter failed: ${cause.message}`, { cause });
      },
    );
    const pageVoter = { accountIndex: ROLE_ACCOUNT.spare, address: pageVoterAddress, stakeWei: pageVoterStakeWei };

    checkAborted();
    const ipfsDir = path.join(dataDir, 'ipfs');
    io.log(
      `creating the demo run${o.runs > 1 ? `s (${o.runs})` : ''} (${o.preset}: ${DEVNET_PRESETS[o.preset].label}, ${o.totalSteps} steps, k = ${o.stepsPerLease}) ...`,
    );
    // One after another: each `run create` writes into the hub's directory, which one node opens at a time.
    const runIds: bigint[] = [];
    for (let r = 0; r < o.runs; r++) {
      checkAborted();
      runIds.push(await createDemoRun(o, rpcUrl, deploymentFile, ipfsDir));
    }
    const runId = runIds[0]!;

    checkAborted();
    // The hub serves the run's spec and genesis from the directory run create wrote them into.
    // Its HTTP gateway is how the dashboard's "Try the model" reads checkpoints (browsers cannot dial libp2p TCP),
    // and how the archiver copies every checkpoint into the hub: it runs with or without the dashboard (then on
    // a free port), so a checkpoint outlives the worker that computed it either way.
    const dashboardOrigins =
      o.dashboardPort > 0
        ? [
            '--gateway-allow-origin',
            `http://127.0.0.1:${o.dashboardPort}`,
            '--gateway-allow-origin',
            `http://localhost:${o.dashboardPort}`,
          ]
        : [];
    const gatewayArgs = ['--gateway', `127.0.0.1:${o.dashboardPort > 0 ? o.ipfsGatewayPort : 0}`, ...dashboardOrigins];
    const hub = supervisor.start({
      name: 'ipfs',
      command: process.execPath,
      args: [binPath('ipfs'), '--dir', ipfsDir, '--listen', `/ip4/127.0.0.1/tcp/${o.ipfsPort}`, ...gatewayArgs],
      cwd: repoRoot,
      tier: TIER.services,
    });
    const hello = JSON.parse(await hub.waitForLine((l) => l.startsWith('{"peerId"'), 60_000)) as {
      multiaddrs: string[];
      gateway?: string;
    };
    const ipfsBootstrap = hello.multiaddrs[0]!;

    checkAborted();
    const nodes: DevnetNode[] = [];
    const missing: NodeRole[] = [];
    const logFormat = o.logFormat === 'auto' ? (io.color ? 'pretty' : 'json') : o.logFormat;
    const startNode = (name: string, role: NodeRole, accountIndex: number, extra: string[]): DevnetNode | undefined => {
      const bin = binPath(role === 'adversarial-worker' ? 'worker' : role);
      if (!existsSync(bin)) {
        if (!missing.includes(role)) missing.push(role);
        return undefined;
      }
      const key = anvilKey(accountIndex);
      const nodeDir = path.join(dataDir, name);
      const metricsPort = o.metricsBasePort === 0 ? undefined : o.metricsBasePort + nodes.length;
      const backend = o.backends[role === 'adversarial-worker' ? 'worker' : role];
      const child = supervisor.start({
        name,
        command: process.execPath,
        args: [
          bin,
          '--rpc-url',
          rpcUrl,
          '--deployment',
          deploymentFile,
          '--data-dir',
          nodeDir,
          '--metrics-port',
          String(metricsPort ?? 0),
          '--ipfs-bootstrap',
          ipfsBootstrap,
          // The hub's gateway as a second source of every block (verified against its CID): a node whose peer is
          // frozen or gone still gets a checkpoint the hub archived.
          ...(hello.gateway ? ['--ipfs-gateway', hello.gateway] : []),
          '--poll-interval-ms',
          '500',
          '--log-format',
          logFormat,
          // On the command line, so a VERITRAIN_BACKEND in the devnet's own environment does not reach the nodes.
          '--backend',
          backend,
          // About 8 nodes share the machine: one thread each, unless told otherwise, so they do not oversubscribe it.
          '--threads',
          String(o.threads),
          ...extra,
        ],
        cwd: repoRoot,
        tier: role === 'worker' || role === 'adversarial-worker' ? TIER.workers : TIER.judges,
        // The key travels in the environment, never on the command line (ps shows arguments).
        env: { ...process.env, VERITRAIN_PRIVATE_KEY: key },
      });
      const node = {
        name,
        role,
        address: privateKeyToAccount(key).address,
        metricsPort,
        backend,
        dataDir: nodeDir,
        child,
      };
      nodes.push(node);
      return node;
    };
    const run = ['--run-id', runId.toString()];

    // Judges first, then the watcher, then the adversary, so that nothing it does goes unseen.
    for (let i = 0; i < o.validators; i++)
      startNode(`validator-${i + 1}`, 'validator', ROLE_ACCOUNT.firstValidator + i, []);
    if (o.fraudProofers > 0) startNode('fraud-proofer', 'fraud-proofer', ROLE_ACCOUNT.fraudProofer, run);
    if (o.falseAccusers > 0) {
      startNode('false-accuser', 'fraud-proofer', ROLE_ACCOUNT.spare, [...run, '--adversarial-false-accusations']);
    }
    const workerArgs = [...run, '--throttle-step-ms', String(o.throttleStepMs)];
    if (o.adversarialWorkers > 0) {
      const adversary = startNode('adversary', 'adversarial-worker', workerAccount(o.honestWorkers), [
        ...workerArgs,
        '--adversarial-corrupt-step',
        String(o.adversarialStep),
        // A manifest naming a huge DAG over honest steps would recompute as honest; over the corrupt step the
        // whole-lease dispute the fraud-proofer opens without the records is judged Fraud.
        ...(o.adversarialFraud === 'huge-manifest' ? ['--adversarial-manifest-mib', String(HUGE_MANIFEST_MIB)] : []),
        // It cheats in its first lease, waits for the verdict and leaves: otherwise it would take the redone
        // steps 1-k again and cheat again, and the run would only finish when it lost the race for them.
        '--max-leases',
        '1',
      ]);
      // Give it the first lease (the one holding its corrupt step), so the honest workers build on its fraud.
      if (adversary && o.honestWorkers > 0) {
        io.log(
          `waiting for the adversarial worker to take the first lease (it corrupts step ${o.adversarialStep}${o.adversarialFraud === 'huge-manifest' ? ` and names a ${HUGE_MANIFEST_MIB} MiB DAG as its manifest` : ''}) ...`,
        );
        await adversary.child.waitForLine((l) => l.includes('lease acquired'), 120_000);
      }
    }
    for (let i = 0; i < o.honestWorkers; i++) {
      const runArgs =
        i % o.runs === 0
          ? workerArgs
          : ['--run-id', runIds[i % o.runs]!.toString(), '--throttle-step-ms', String(o.throttleStepMs)];
      startNode(`worker-${i + 1}`, 'worker', workerAccount(i), runArgs);
    }

    // The dashboard reads everything from the chain: it only needs the RPC and the deployment file.
    let dashboard: ManagedChild | undefined;
    const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    if (o.dashboardPort > 0 && existsSync(path.join(repoRoot, 'dashboard', 'package.json')) && existsSync(vite)) {
      dashboard = supervisor.start({
        name: 'dashboard',
        command: process.execPath,
        args: [vite, '--port', String(o.dashboardPort), '--strictPort', '--open=false'],
        cwd: path.join(repoRoot, 'dashboard'),
        tier: TIER.services,
        env: {
          ...process.env,
          VERITRAIN_DEPLOYMENT_FILE: deploymentFile,
          VITE_RPC_URL: rpcUrl,
          VITE_IPFS_GATEWAY: hello.gateway ?? '',
        },
      });
    }
    // The hub keeps a copy of every checkpoint, so "Try the model" still finds a finished run's last one after its
    // workers exit.
    const archiver = hello.gateway
      ? startCheckpointArchiver({
          rpcUrl,
          coordinator: deployment.coordinator,
          startBlock: deployment.startBlock,
          gatewayUrl: hello.gateway,
          log: io.log,
        })
      : undefined;

    return {
      dashboardUrl: dashboard ? `http://127.0.0.1:${o.dashboardPort}/` : undefined,
      dashboard,
      rpcUrl,
      deploymentFile,
      deployment,
      runId,
      runIds,
      pageVoter,
      ipfsBootstrap,
      anvil,
      ipfs: hub,
      nodes,
      missing,
      supervisor,
      ipfsGateway: hello.gateway,
      archiver,
      stop: () => {
        archiver?.stop();
        return supervisor.stopAll();
      },
    };
  } catch (err) {
    await supervisor.stopAll();
    checkAborted();
    throw err;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
  }
}
