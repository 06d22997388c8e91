import { resolve } from 'node:path';
import { Command } from 'commander';
import { createChainClients, type SigningChainClients } from '../chain/createChainClients';
import { resolveContracts, type ResolvedContracts } from '../chain/resolveContracts';
import type { RetryOptions } from '../chain/callWithRetry';
import { addOptions, givenFlags } from '../config/commanderOptions';
import { configForLog, redactSecrets, redactUrl } from '../config/formatConfig';
import type { ConfigOf, OptionSpecs } from '../config/optionSpec';
import { resolveConfig, type ResolvedConfig } from '../config/resolveConfig';
import { exitCodeOf } from '../cli/exitCodeOf';
import { processIo, type CliIo } from '../cli/io';
import { EXIT, type ExitCode } from '../exitCodes';
import { loadPrivateKey } from '../keys/loadPrivateKey';
import { createLifecycle, type Lifecycle, type SignalSource } from '../lifecycle/createLifecycle';
import { createLogger, type Logger } from '../logging/createLogger';
import { createMetrics, startMetricsServer, type NodeMetrics } from '../metrics/createMetrics';
import { createStateStore, type StateStore } from '../state/createStateStore';
import { openNodeContentStore } from '../storage/openNodeContentStore';
import type { ContentStore as FullContentStore } from '@veritrain/storage';
import type { LoadedBackend } from '@veritrain/engine/node';
import { loadNodeBackend } from './loadNodeBackend';
import { runtimeOptions, type NodeOptions, type RuntimeOptions } from './nodeOptions';

export const EXIT_CODES_HELP =
  '\nExit codes: 0 ok (also after a graceful Ctrl+C), 1 runtime failure, 2 bad usage/config/key,\n' +
  '            3 chain unreachable or wrong chain, 4 transaction reverted, 5 content storage,\n' +
  '            6 local state, 130 forced by a second Ctrl+C.\n';

/** Everything a node's work loop gets from the runtime. */
export type NodeContext<S extends OptionSpecs> = {
  config: ConfigOf<NodeOptions<S>>;
  logger: Logger;
  metrics: NodeMetrics;
  /** Aborted on the first SIGINT/SIGTERM: stop taking new work, persist, return. */
  signal: AbortSignal;
  lifecycle: Lifecycle;
  clients: SigningChainClients;
  contracts: ResolvedContracts;
  /** The content store (--ipfs-api, else the embedded node in --ipfs-dir); `undefined` when the
   *  definition says `storage: false`. Closed by the runtime at shutdown. */
  store: FullContentStore | undefined;
  /** Absolute --data-dir. */
  dataDir: string;
  /** A crash-safe JSON state file `<data-dir>/<name>.json`. */
  stateStore<T>(name: string, validate?: (value: unknown) => T): StateStore<T>;
  /** Retry options wired to the shutdown signal, the log and the retry counter. */
  retry: RetryOptions;
  io: CliIo;
  /** The metrics endpoint's URL. */
  metricsUrl: string;
  /** The engine backend from --backend/--threads, loaded once at start: pass `backend.backend` to the engine
   *  (loadRun puts it in the LoadedRun that computeLease and recomputeSubmission compute with). */
  backend: LoadedBackend;
};

export type NodeDefinition<S extends OptionSpecs> = {
  /** The command and log name, e.g. "worker". */
  name: string;
  /** First line of --help. */
  description: string;
  /** The node's own options; the runtime adds chain, key, data-dir, metrics and log options. */
  options: S;
  defaultMetricsPort: number;
  /** `$ …` lines for --help. */
  examples: string[];
  /** Open the content store at start (default true). */
  storage?: boolean;
  /** The work loop: return when `ctx.signal` aborts (after persisting), or throw to fail. */
  run(ctx: NodeContext<S>): Promise<void>;
};

export type RunNodeOptions = Partial<CliIo> & {
  /** Signals come from here (a test stand-in); default the process. */
  process?: SignalSource;
};

/**
 * The one way a node starts, the same for worker, fraud-proofer and validator: parse flags, resolve
 * config (flags > env > file > defaults) and print it redacted, load the key, load the engine backend
 * (--backend) and log it, start the metrics endpoint, connect to the chain and find the contracts, then run
 * the work loop under a lifecycle that turns the first SIGINT/SIGTERM into an abort and the second into exit
 * 130. Resolves to the exit code.
 */
export async function runNode<S extends OptionSpecs>(
  def: NodeDefinition<S>,
  argv: string[],
  options: RunNodeOptions = {},
): Promise<ExitCode> {
  const io: CliIo = { ...processIo(), ...options };
  const specs = { ...def.options, ...runtimeOptions(def.name, def.defaultMetricsPort) } as NodeOptions<S>;
  let logger: Logger | undefined;
  let lifecycle: Lifecycle | undefined;
  try {
    const command = new Command(`veritrain-${def.name}`)
      .description(
        `${def.description}\nOptions resolve as flag > env (VERITRAIN_*) > --config file > default. The key comes from\nVERITRAIN_PRIVATE_KEY or --key-file.`,
      )
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(redactSecrets(s)) })
      .allowExcessArguments(false)
      .showHelpAfterError('(run with --help for usage)')
      .addHelpText('after', `${EXIT_CODES_HELP}\nExamples:\n${def.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
    addOptions(command, specs);
    command.action(() => {});
    await command.parseAsync(argv, { from: 'user' });

    const resolved = resolveConfig(specs, { flags: givenFlags(command), env: io.env, cwd: io.cwd });
    const config = resolved.values as ConfigOf<NodeOptions<S>>;
    // The runtime's own keys, typed concretely (the generic ConfigOf does not resolve inside this function).
    const rt = resolved.values as unknown as ConfigOf<RuntimeOptions>;
    logger = createLogger({ name: def.name, level: rt.logLevel, format: rt.logFormat, destination: io.stderr });
    logger.info(
      { config: configForLog(specs, resolved), configFile: resolved.configFile },
      `${def.name}: resolved config`,
    );

    const keyFile = rt.keyFile === undefined ? undefined : resolve(io.cwd, rt.keyFile);
    const { account, source } = loadPrivateKey({ keyFile, env: io.env, onWarning: (m) => logger!.warn(m) });
    logger.info({ address: account.address, keyFrom: source }, 'signing account');

    // Before the chain: a --backend this machine cannot load fails here, having sent and opened nothing.
    const backendSource = (resolved.sources as unknown as ResolvedConfig<RuntimeOptions>['sources']).backend;
    const backend = await loadNodeBackend({
      backend: rt.backend,
      threads: rt.threads,
      source: backendSource,
      logger: logger.child({ component: 'engine' }),
    });

    lifecycle = createLifecycle({ logger, ...(options.process ? { process: options.process } : {}) });
    const metrics = createMetrics({
      prefix: `veritrain_${def.name.replace(/-/g, '_')}_`,
      defaultLabels: { node: def.name },
    });
    metrics.backendInfo.set({ backend: backend.backend.name, requested: backend.requested }, 1);
    const server = await startMetricsServer({
      registry: metrics.registry,
      port: rt.metricsPort,
      host: rt.metricsAddress,
    });
    lifecycle.onShutdown('metrics server', () => server.close());
    logger.info({ url: server.url }, 'metrics endpoint');

    const chainLog = logger.child({ component: 'chain' });
    const retry: RetryOptions = {
      retries: rt.rpcRetries,
      signal: lifecycle.signal,
      onRetry: (i) => {
        metrics.rpcRetries.inc({ operation: i.operation });
        chainLog.warn(i, `RPC fault (${i.reason}) in ${i.operation}; retrying in ${i.delayMs} ms`);
      },
    };
    const clients = await createChainClients({
      rpcUrl: rt.rpcUrl,
      account,
      expectedChainId: rt.chainId,
      timeoutMs: rt.rpcTimeoutMs,
      retry,
    });
    const contracts = await resolveContracts({
      clients,
      coordinator: rt.coordinator,
      deployment: rt.deployment,
      cwd: io.cwd,
      expectedChainId: rt.chainId,
    });
    chainLog.info(
      { chainId: clients.chain.id, coordinator: contracts.coordinator, court: contracts.court },
      'connected',
    );

    const dataDir = resolve(io.cwd, rt.dataDir);
    let store: FullContentStore | undefined;
    if (def.storage !== false) {
      const ipfsDir = resolve(io.cwd, rt.ipfsDir ?? resolve(dataDir, 'ipfs'));
      store = await openNodeContentStore({
        ipfsApi: rt.ipfsApi,
        ipfsDir,
        ipfsListen: rt.ipfsListen,
        ipfsBootstrap: rt.ipfsBootstrap,
        ipfsGateway: rt.ipfsGateway,
        ipfsTimeoutMs: rt.ipfsTimeoutMs,
      });
      const opened = store;
      lifecycle.onShutdown('content store', () => opened.close());
      const where =
        rt.ipfsApi === undefined
          ? {
              ipfsDir,
              ...('multiaddrs' in opened ? { multiaddrs: (opened as { multiaddrs(): string[] }).multiaddrs() } : {}),
            }
          : { ipfsApi: redactUrl(rt.ipfsApi) };
      logger.child({ component: 'storage' }).info(where, 'content store open');
    }
    await def.run({
      config,
      logger,
      metrics,
      signal: lifecycle.signal,
      lifecycle,
      clients,
      contracts,
      store,
      dataDir,
      stateStore: (name, validate) => createStateStore({ dir: dataDir, name, ...(validate ? { validate } : {}) }),
      retry,
      io,
      metricsUrl: server.url,
      backend,
    });
    const code = await lifecycle.close(EXIT.OK);
    logger.info({ exitCode: code }, lifecycle.signal.aborted ? 'stopped' : 'done');
    return code;
  } catch (err) {
    // Once shutdown was asked for, an error from the work it interrupted (a retry wait, an IPFS fetch or an RPC
    // call aborted by the signal) is part of stopping, not a failure.
    if (lifecycle?.signal.aborted) {
      if (err !== lifecycle.signal.reason) {
        logger?.debug({ err: err instanceof Error ? err.message : String(err) }, 'interrupted by shutdown');
      }
      const code = await lifecycle.close(EXIT.OK);
      logger?.info({ exitCode: code }, 'stopped');
      return code;
    }
    const { code, message } = exitCodeOf(err);
    if (message !== null) {
      logger?.error({ exitCode: code, err: message }, 'fatal');
      io.stderr.write(`error: ${message}\n`);
    }
    return lifecycle ? ((await lifecycle.close(code)) === EXIT.FORCED ? EXIT.FORCED : code) : code;
  }
}
