import { VeritrainError } from '@veritrain/protocol';
import { describe, expect, it } from 'vitest';
import { CliError } from './cliError';
import { EXIT } from './exitCodes';

describe('CliError', () => {
  it('keeps its exit code and message, and is a VeritrainError coded by the exit code name', () => {
    const cause = new Error('ENOENT');
    const err = new CliError(EXIT.IO, 'cannot read run spec run.json: ENOENT', { cause });
    expect(err.exitCode).toBe(5);
    expect(err.code).toBe('IO');
    expect(err.message).toBe('cannot read run spec run.json: ENOENT');
    expect(err.name).toBe('CliError');
    expect(err.cause).toBe(cause);
    expect(err).toBeInstanceOf(VeritrainError);
  });

  it('names every exit code', () => {
    for (const [name, exitCode] of Object.entries(EXIT)) expect(new CliError(exitCode, 'm').code).toBe(name);
  });
});
