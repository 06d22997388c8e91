import { VeritrainError } from '@veritrain/protocol';
import { CommanderError } from 'commander';
import { BaseError } from 'viem';
import { formatRevert } from '../chain/decodeRevert';
import { NodeError } from '../errors';
import { EXIT, type ExitCode } from '../exitCodes';

/** Maps what a command threw to its exit code and a one-line message (null: already printed). */
export function exitCodeOf(err: unknown): { code: ExitCode; message: string | null } {
  if (err instanceof CommanderError) {
    const ok =
      err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version';
    return { code: ok ? EXIT.OK : EXIT.USAGE, message: null };
  }
  if (err instanceof NodeError) return { code: err.exitCode, message: `${err.code}: ${err.message}` };
  // Storage errors by name: importing @veritrain/storage here would load Helia into every command.
  if (err instanceof VeritrainError && err.name === 'StorageError') {
    return { code: EXIT.STORAGE, message: `STORAGE ${err.code}: ${err.message}` };
  }
  const revert = formatRevert(err);
  if (revert) return { code: EXIT.REVERTED, message: `REVERTED: ${revert}` };
  if (err instanceof VeritrainError && err.code === 'INVALID_SPEC') {
    return { code: EXIT.USAGE, message: `INVALID_SPEC: ${err.message}` };
  }
  // Any other package's error (engine, datasets, protocol) is a known failure: its code and message, no stack.
  if (err instanceof VeritrainError) return { code: EXIT.RUNTIME, message: `${err.code}: ${err.message}` };
  // viem's own errors (insufficient funds, nonce, gas) have a one-line summary worth more than a stack.
  if (err instanceof BaseError)
    return { code: EXIT.RUNTIME, message: `${err.shortMessage}${err.details ? ` (${err.details})` : ''}` };
  return {
    code: EXIT.RUNTIME,
    message: `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  };
}
