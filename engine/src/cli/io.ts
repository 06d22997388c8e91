import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { decodeCheckpoint } from '../checkpoint/decode';
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

export function readBytes(path: string, what: string): Uint8Array {
  try {
    const buf = readFileSync(userPath(path));
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new CliError(EXIT.IO, `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

export function readSpec(path: string): RunSpec {
  const text = new TextDecoder().decode(readBytes(path, 'run spec'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(EXIT.INVALID_INPUT, `run spec ${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseRunSpec(json);
}

export function readCheckpoint(path: string): { bytes: Uint8Array; checkpoint: Checkpoint } {
  const bytes = readBytes(path, 'checkpoint');
  try {
    return { bytes, checkpoint: decodeCheckpoint(bytes) };
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError(e.code, `checkpoint ${path}: ${e.message}`, { details: e.details, cause: e });
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
    throw new CliError(EXIT.IO, `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** Results go to stdout: one JSON document with --json, readable lines otherwise. */
export function printResult(json: boolean, value: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${lines.join('\n')}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
