import { spawn } from 'node:child_process';
import type { FuzzSummary } from './mutateBytes';

/**
 * Runs a fuzz script (`node --import tsx <script> <args>`) in its own process with a V8 heap cap, so a case that
 * would exhaust memory kills the child (and fails the test with its output) instead of the test runner.
 * Resolves with the summary line it printed, the exit code and how long it ran.
 */
export async function runFuzzChild(
  script: string,
  args: string[],
  heapMiB: number,
): Promise<{ summary: FuzzSummary | undefined; code: number | null; stderr: string; wallMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = stdout.trim().split('\n').at(-1);
  return {
    summary: line ? (JSON.parse(line) as FuzzSummary) : undefined,
    code,
    stderr: stderr.slice(-3000),
    wallMs: performance.now() - started,
  };
}
