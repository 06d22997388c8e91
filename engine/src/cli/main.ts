// The engine CLI: `npm run engine -w engine -- <command>` or the `veritrain-engine` bin. Results go to
// stdout, progress and errors to stderr; exit codes are in exitCodes.ts and engine/README.md.
import { Command, CommanderError } from 'commander';
import { EngineError } from '../errors';
import { CliError } from './cliError';
import { registerEval } from './commands/evaluate';
import { registerGenesis } from './commands/genesis';
import { registerSpec } from './commands/spec';
import { registerStep } from './commands/step';
import { registerVerify } from './commands/verify';
import { EXIT, type ExitCode } from './exitCodes';

const INPUT_CODES = new Set([
  'INVALID_SPEC',
  'INVALID_ARGUMENT',
  'SHAPE_MISMATCH',
  'CHECKPOINT_MAGIC',
  'CHECKPOINT_VERSION',
  'CHECKPOINT_HEADER',
  'CHECKPOINT_TRUNCATED',
  'CHECKPOINT_TOO_LARGE',
  'CHECKPOINT_TRAILING_BYTES',
  'CHECKPOINT_SPEC_MISMATCH',
  'DATASET',
  'UNSUPPORTED',
]);

export function buildProgram(): Command {
  const program = new Command('veritrain-engine')
    .description('veritrain deterministic training engine (VT-F32): genesis, step, verify, eval')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 claim rejected (verify), 2 usage, 3 invalid input, 4 invalid (non-finite) step,\n' +
        '            5 file I/O, 6 backend unavailable (--backend native|wasm), 70 internal error.\n\n' +
        'Examples:\n' +
        '  $ veritrain-engine genesis --spec run.json --out step0.ckpt\n' +
        '  $ veritrain-engine step --spec run.json --checkpoint step0.ckpt --steps 10 --out step10.ckpt --json\n' +
        '  $ veritrain-engine verify --spec run.json --parent step9.ckpt --state-root 0x… --loss-bits 1075498328\n' +
        '  $ veritrain-engine eval --spec run.json --checkpoint step10.ckpt',
    );
  registerGenesis(program);
  registerStep(program);
  registerVerify(program);
  registerEval(program);
  registerSpec(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Maps any thrown value to a one-line message and an exit code. */
export function exitCodeOf(e: unknown): { code: ExitCode; message: string | null } {
  if (e instanceof CommanderError) {
    // Help and version output are not errors; commander has already printed its message otherwise.
    const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version';
    return { code: ok ? EXIT.OK : EXIT.USAGE, message: null };
  }
  if (e instanceof CliError) return { code: e.exitCode, message: e.message };
  if (e instanceof EngineError) {
    if (e.code === 'NON_FINITE') return { code: EXIT.INVALID_STEP, message: `invalid step (${e.code}): ${e.message}` };
    if (e.code === 'BACKEND_UNAVAILABLE') return { code: EXIT.BACKEND_UNAVAILABLE, message: `${e.code}: ${e.message}` };
    if (INPUT_CODES.has(e.code)) return { code: EXIT.INVALID_INPUT, message: `${e.code}: ${e.message}` };
  }
  return { code: EXIT.INTERNAL, message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined; // `verify` reports its verdict through it
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    const { code, message } = exitCodeOf(e);
    if (message !== null) process.stderr.write(`error: ${message}\n`);
    return code;
  }
}

const isEntry = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
