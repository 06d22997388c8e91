import type { Writable } from 'node:stream';

const COLORS = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94, 91];

/** An ANSI colour per name index, stable across runs so that [worker-1] is always the same colour. */
export function colorFor(index: number): number {
  return COLORS[index % COLORS.length]!;
}

/**
 * A sink that cuts a child's byte stream into lines and writes each one as `[name] line`. A partial last line
 * is held until its newline (or `flush`), so lines of different children never interleave mid-line.
 */
export function createLinePrefixer(out: Writable, label: string, options: { color?: number; width?: number } = {}) {
  const padded = `[${label}]`.padEnd((options.width ?? 0) + 2);
  const prefix = options.color === undefined ? padded : `\x1b[${options.color}m${padded}\x1b[0m`;
  let pending = '';
  const write = (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) out.write(`${prefix} ${line.replace(/\r$/, '')}\n`);
  };
  const flush = () => {
    if (pending !== '') out.write(`${prefix} ${pending}\n`);
    pending = '';
  };
  return { write, flush };
}
