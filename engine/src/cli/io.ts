import { renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { ProtocolError } from '@veritrain/protocol/errors';
import { parseJsonText } from '@veritrain/protocol';
import { readRegularFile } from '@veritrain/protocol/node';
import { decodeCheckpoint } from '../checkpoint/decode';
import { DEFAULT_CHECKPOINT_LIMITS } from '../checkpoint/format';
import type { Checkpoint } from '../checkpoint/types';
import { EngineError } from '../errors';
import { parseRunSpec } from '../spec/parseRunSpec';
import type { RunSpec } from '../spec/runSpec';
import { CliError } from './cliError';
import { EXIT } from './exitCodes';

/**
 * Paths are relative to where the user typed the command: `npm run engine -w engine` runs in engine/,
 * and npm keeps the caller's directory in INIT_CWD.
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** A run spec file: its canonical JSON is a few hundred bytes (the nodes read at most as much from IPFS). */
export const MAX_SPEC_FILE_BYTES = 64 * 1024;

/**
 * A regular file of at most `maxBytes` (a checkpoint's default limit unless told): a FIFO, a device such as
 * /dev/zero, a directory or a larger file (a sparse one too) is refused at once (IO, exit 5), naming the file
 * and the limit.
 */
export function readBytes(
  path: string,
  what: string,
  maxBytes: number = DEFAULT_CHECKPOINT_LIMITS.maxBytes,
): Uint8Array {
  try {
    return readRegularFile(userPath(path), { what: `${what} ${path}`, maxBytes });
  } catch (e) {
    if (e instanceof ProtocolError) throw new CliError(EXIT.IO, `cannot read ${e.message}`, { cause: e });
    throw e;
  }
}

export function readSpec(path: string): RunSpec {
  const text = new TextDecoder().decode(readBytes(path, 'run spec', MAX_SPEC_FILE_BYTES));
  let json: unknown;
  try {
    json = parseJsonText(text, { source: `run spec ${path}`, maxDepth: 8 });
  } catch (e) {
    throw new CliError(EXIT.INVALID_INPUT, (e as Error).message, { cause: e });
  }
  return parseRunSpec(json);
}

export function readCheckpoint(path: string): { bytes: Uint8Array; checkpoint: Checkpoint } {
  const bytes = readBytes(path, 'checkpoint');
  try {
    return { bytes, checkpoint: decodeCheckpoint(bytes) };
  } catch (e) {
    if (e instanceof EngineError)
      throw new EngineError(e.code, `checkpoint ${path}: ${e.message}`, { details: e.details, cause: e });
    throw e;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves a half-written checkpoint. */
export function writeBytesAtomic(path: string, bytes: Uint8Array): void {
  const target = userPath(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  } catch (e) {
    throw new CliError(EXIT.IO, `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      cause: e,
    });
  }
}

/** Results go to stdout: one JSON document with --json, readable lines otherwise. */
export function printResult(json: boolean, value: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${lines.join('\n')}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
