import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';
export type LogFormat = 'auto' | 'pretty' | 'json';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type CreateLoggerParameters = {
  /** The node's name, e.g. "worker"; every line carries it. */
  name: string;
  level?: LogLevel;
  /** `auto`: pretty when the destination is a terminal, JSON lines otherwise. */
  format?: LogFormat;
  /** Where lines go; stderr by default, so stdout stays for results. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean; fd?: number };
};

/** Field names pino blanks out wherever they appear: a last line of defence, keys are never logged. */
export const REDACTED_PATHS = [
  'privateKey',
  'key',
  'secret',
  '*.privateKey',
  '*.key',
  '*.secret',
  'config.privateKey',
] as const;

/**
 * A structured logger: pretty and coloured on a TTY, one JSON object per line otherwise. Components take
 * `logger.child({ component: 'chain' })`. Writes are synchronous so a crash never loses its last lines.
 */
export function createLogger(params: CreateLoggerParameters): Logger {
  const destination = params.destination ?? process.stderr;
  const format = params.format ?? 'auto';
  const usePretty = format === 'pretty' || (format === 'auto' && destination.isTTY === true);
  const options = {
    name: params.name,
    level: (params.level ?? 'info') as Level | 'silent',
    redact: { paths: [...REDACTED_PATHS], censor: '<redacted>' },
    base: { pid: process.pid },
  };
  let stream: DestinationStream;
  if (usePretty) {
    stream = pretty({
      destination: destination as Writable,
      sync: true,
      colorize: destination.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
  } else if (destination === process.stderr || destination === process.stdout) {
    stream = pino.destination({ fd: destination === process.stderr ? 2 : 1, sync: true });
  } else {
    stream = destination as DestinationStream;
  }
  return pino(options, stream);
}
