// `npm start` / `veritrain-devnet`: the whole protocol on one machine. Exit codes in docs/devnet.md.
import path from 'node:path';
import { DevnetError } from './devnetError';
import { parseDevnetOptions, USAGE, type DevnetOptions } from './options';
import { startDevnet, type Devnet } from './startDevnet';
import { describeExit, type ExitInfo, type Supervisor } from './supervisor';
import { watchAncestors } from './watchAncestors';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let options: DevnetOptions | 'help';
  try {
    options = parseDevnetOptions(argv, env);
  } catch (err) {
    process.stderr.write(`veritrain-devnet: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = options;
  const color = process.stdout.isTTY === true && env.NO_COLOR === undefined;
  const log = (message: string) =>
    process.stdout.write(`${color ? '\x1b[1m[devnet]\x1b[0m' : '[devnet]'} ${message}\n`);

  let devnet: Devnet | undefined;
  let failed = false;
  let signals = 0;
  let starting = true;
  const startAbort = new AbortController();
  let supervisor: Supervisor | undefined;
  // Children live in their own process groups: whatever way this process ends, they must not outlive it.
  process.on('exit', () => supervisor?.forceAll());
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((r) => (resolveStopped = r));

  const reportEnd = (exits: ExitInfo[]) => {
    for (const e of exits)
      if (e.killed || (e.duringShutdown && e.code !== 0 && e.signal === null)) log(`${e.name} ${describeExit(e)}`);
  };
  const shutdown = async () => {
    signals += 1;
    if (signals > 1) {
      log('second signal: killing every process now');
      supervisor?.forceAll();
      process.exit(130);
    }
    if (starting) {
      log('stopping what has started (Ctrl+C again to kill at once) ...');
      startAbort.abort();
      return;
    }
    log(`stopping every node (Ctrl+C again to kill at once; SIGKILL after ${o.graceMs / 1000} s) ...`);
    const exits = await devnet!.stop();
    reportEnd(exits);
    if (devnet!.supervisor.failures().length > 0) failed = true;
    resolveStopped(failed ? 1 : 0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGHUP', () => void shutdown());
  // `kill -TERM` of the `npm start` process kills npm and `sh -c` without reaching us: their end is our signal.
  watchAncestors((pid) => {
    log(`process ${pid} this devnet was started under has exited`);
    void shutdown();
  });

  try {
    devnet = await startDevnet(o, {
      out: process.stdout,
      color,
      log,
      signal: startAbort.signal,
      onSupervisor: (s) => (supervisor = s),
      onEarlyExit(info, child) {
        if (info.code === 0 && info.signal === null) {
          log(`${info.name} finished (exit 0)`);
          return;
        }
        failed = true;
        log(
          `${color ? '\x1b[31m' : ''}${info.name} CRASHED: ${describeExit(info)}${color ? '\x1b[0m' : ''}; its last lines:`,
        );
        for (const line of child.tail(15)) process.stdout.write(`    ${line}\n`);
      },
    });
  } catch (err) {
    if (startAbort.signal.aborted) {
      log('stopped before it was ready');
      return 0;
    }
    const message = err instanceof DevnetError ? err.message : ((err as Error).stack ?? String(err));
    log(`could not start: ${message}`);
    return 1;
  }
  starting = false;

  const d = devnet;
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  log('ready. Where to look:');
  log(`  RPC           ${d.rpcUrl} (chain ${d.deployment.chainId})`);
  log(
    `  deployment    ${rel(d.deploymentFile)}  Coordinator ${d.deployment.coordinator}  DisputeCourt ${d.deployment.court}  RewardToken ${d.deployment.token}`,
  );
  log(
    `  run id        ${d.runIds.join(', ')}  (${o.preset}, ${o.totalSteps} steps, k = ${o.stepsPerLease}, challenge window ${o.challengeWindowS} s, court ${o.commitDurationS} s + ${o.revealDurationS} s)`,
  );
  if (d.dashboardUrl) log(`  dashboard     ${d.dashboardUrl}  pid ${d.dashboard!.process.pid}`);
  log(
    `  page voter    anvil account ${d.pageVoter.accountIndex} ${d.pageVoter.address}, staked ${d.pageVoter.stakeWei / 10n ** 18n} tokens: pick it under "Vote as" to vote on disputes from the dashboard`,
  );
  log(`  anvil         pid ${d.anvil.process.pid}`);
  log(`  IPFS hub      ${d.ipfsBootstrap}  pid ${d.ipfs.process.pid}`);
  if (d.ipfsGateway)
    log(
      `  IPFS gateway  ${d.ipfsGateway}/ipfs/<cid>  (the dashboard's "Try the model"; the hub keeps a copy of every checkpoint)`,
    );
  for (const n of d.nodes) {
    const metrics =
      n.metricsPort === undefined
        ? 'metrics on a free port (see its "metrics endpoint" line)'
        : `http://127.0.0.1:${n.metricsPort}/metrics`;
    log(
      `  ${n.name.padEnd(13)} ${n.address}  ${metrics}  data ${rel(n.dataDir)}  --backend ${n.backend} --threads ${o.threads}  pid ${n.child.process.pid}`,
    );
  }
  if (d.missing.length > 0) log(`  not started (no CLI in this checkout yet): ${d.missing.join(', ')}`);
  log('Ctrl+C stops everything.');
  return stopped;
}

const isEntry = process.argv[1] !== undefined && /[\\/]devnet[\\/]src[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
