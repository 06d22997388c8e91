import { VeritrainError } from '@veritrain/protocol/errors';
import { EXIT, type ExitCode } from './exitCodes';

/** The name of an exit code (`USAGE`, `IO`, …), the stable `code` of a CliError. */
export type CliErrorCode = keyof typeof EXIT;

const CODE_BY_EXIT = new Map<ExitCode, CliErrorCode>(
  (Object.entries(EXIT) as [CliErrorCode, ExitCode][]).map(([name, exitCode]) => [exitCode, name]),
);

/**
 * An error the CLI reports as one line on stderr and turns into its exit code (a VeritrainError whose `code`
 * is the exit code's name, so that code catching the base class reads the same reason).
 */
export class CliError extends VeritrainError<CliErrorCode> {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(CODE_BY_EXIT.get(exitCode) ?? 'INTERNAL', message, options);
  }
}
