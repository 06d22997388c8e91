// `veritrain-run`: run management. `npm run run:create -w node-core -- [flags]` or `veritrain-run create`.
// Results go to stdout, logs and progress to stderr; exit codes in exitCodes.ts and docs/nodes.md.
import { Command } from 'commander';
import { addOptions, givenFlags } from '../config/commanderOptions';
import { redactSecrets } from '../config/formatConfig';
import { resolveConfig } from '../config/resolveConfig';
import { EXIT, type ExitCode } from '../exitCodes';
import { createLogger } from '../logging/createLogger';
import type { ContentStore } from '../storage/contentStore';
import { createHandler } from './create/handler';
import { createOptions } from './create/options';
import { exitCodeOf } from './exitCodeOf';
import { processIo, type CliIo } from './io';

const EXIT_HELP =
  '\nExit codes: 0 ok, 1 runtime failure, 2 bad usage/config/key, 3 chain unreachable or wrong chain,\n' +
  '            4 transaction reverted, 5 content storage, 6 local state, 130 forced by a second Ctrl+C.\n';

export type MainOptions = Partial<CliIo> & { store?: ContentStore };

export function buildProgram(io: CliIo, options: MainOptions = {}): Command {
  const program = new Command('veritrain-run')
    .description('veritrain runs: create a training run on-chain')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(redactSecrets(s)) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);

  const create = new Command('create')
    .description(
      'Build the run spec and genesis checkpoint, store them, and call Coordinator.createRun. Prints the runId.\n' +
        'Options resolve as flag > env (VERITRAIN_*) > --config file > default. The signing key comes from\n' +
        'VERITRAIN_PRIVATE_KEY or --key-file and needs the run-creator role.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(redactSecrets(s)) })
    .allowExcessArguments(false)
    .addHelpText(
      'after',
      `${EXIT_HELP}\nExamples:\n` +
        '  # the devnet default: MNIST MLP, deployer key of anvil, deployments/31337.json\n' +
        '  $ VERITRAIN_PRIVATE_KEY=0xac09…ff80 veritrain-run create\n' +
        '  $ veritrain-run create --preset kjv-gpt --total-steps 400 --steps-per-lease 4 --key-file ~/.veritrain/key --json\n' +
        '  $ veritrain-run create --spec run.json --worker-bond-wei 2ether --reward-per-step 5ether --rpc-url https://rpc.example\n' +
        '  $ veritrain-run create --preset mnist-mlp --lr 0.05 --dry-run      # hashes only, nothing sent\n' +
        '  $ npm run run:create -w node-core -- --config run-create.json',
    );
  addOptions(create, createOptions);
  create.action(async () => {
    const resolved = resolveConfig(createOptions, { flags: givenFlags(create), env: io.env, cwd: io.cwd });
    const logger = createLogger({
      name: 'run-create',
      level: resolved.values.logLevel,
      format: resolved.values.logFormat,
      destination: io.stderr,
    });
    await createHandler({ resolved, logger, io, ...(options.store ? { store: options.store } : {}) });
  });
  program.addCommand(create);
  return program;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<ExitCode> {
  const io = { ...processIo(), ...options };
  try {
    await buildProgram(io, options).parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    const { code, message } = exitCodeOf(err);
    if (message !== null) io.stderr.write(`error: ${message}\n`);
    return code;
  }
}

const isEntry = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
