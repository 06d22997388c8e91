// `npm start` as a child process for the end-to-end scenarios: the devnet CLI with its output captured, its nodes'
// JSON log lines readable by name, and waits that fail fast when the devnet exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '@veritrain/node-core/testing';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = path.join(repoRoot, 'devnet', 'src', 'bin.mjs');

export type DevnetProcess = {
  child: ChildProcess;
  rpcUrl: string;
  deploymentFile: string;
  exited: Promise<number | null>;
  output(): string;
  /** The devnet's own lines (`[devnet] …`). */
  devnetLines(): string[];
  /** The JSON log lines of one node (`[worker-1]    {…}`). */
  nodeLogs(name: string): Record<string, unknown>[];
  waitForOutput(match: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Waits for the first log line of `name` that `pick` accepts. */
  waitForLog(
    name: string,
    pick: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>>;
  /** The pids the devnet reported for its children (anvil, the hub, every node). */
  pids(): number[];
  /** The output's last lines without debug logs, for a failed test's report. */
  tail(lines?: number): string;
  /** SIGINT, then SIGKILL after 25 s; removes the deployment file and the data dir. */
  stop(): Promise<void>;
};

/** Windows short enough for a test to see a dispute through: 20 s to dispute, 12 s + 12 s of court; no throttle. */
export const FAST_TERMS = [
  '--challenge-window-s',
  '20',
  '--commit-duration-s',
  '12',
  '--reveal-duration-s',
  '12',
  '--throttle-step-ms',
  '0',
  '--grace-ms',
  '20000',
];

export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the devnet on a free anvil port with its own deployment file and data dir (named after `tag` and this
 * process), JSON logs, free metrics ports and no dashboard, plus `args`; resolves once it says everything runs.
 */
export async function startDevnetProcess(
  tag: string,
  args: string[],
  options: { readyTimeoutMs?: number } = {},
): Promise<DevnetProcess> {
  const port = await freeLoopbackPort();
  const name = `${tag}-${process.pid}`;
  const deploymentFile = path.join(repoRoot, 'deployments', `${name}.json`);
  const dataDir = path.join(repoRoot, '.veritrain', name);
  const child = spawn(
    process.execPath,
    [
      bin,
      '--port',
      String(port),
      '--metrics-base-port',
      '0',
      '--dashboard-port',
      '0',
      '--log-format',
      'json',
      '--data-dir',
      path.relative(repoRoot, dataDir),
      '--deployment-file',
      path.relative(repoRoot, deploymentFile),
      ...args,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const nodeLogs = (node: string) =>
    output
      .split('\n')
      .filter((l) => l.startsWith(`[${node}] `) && l.trimEnd().endsWith('}'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l.slice(node.length + 2)) as Record<string, unknown>];
        } catch {
          return []; // not a log line (a stack trace's last line, say)
        }
      });
  const waitForOutput = async (match: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = output.match(match);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`the devnet exited (${child.exitCode}) before ${match}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no ${match} in the devnet output within ${timeoutMs} ms`);
  };
  const dev: DevnetProcess = {
    child,
    rpcUrl: `http://127.0.0.1:${port}`,
    deploymentFile,
    exited,
    output: () => output,
    devnetLines: () => output.split('\n').filter((l) => l.startsWith('[devnet]')),
    nodeLogs,
    waitForOutput,
    waitForLog: (node, pick, timeoutMs) =>
      waitFor(
        () => {
          if (child.exitCode !== null)
            throw new Error(`the devnet exited (${child.exitCode}) before ${node}'s awaited log line`);
          return nodeLogs(node).find(pick);
        },
        `matching log line of ${node}`,
        timeoutMs,
      ),
    pids: () => [...output.matchAll(/\bpid (\d+)$/gm)].map((m) => Number(m[1])),
    tail: (lines = 150) =>
      output
        .split('\n')
        .filter((l) => !l.includes('"level":20'))
        .slice(-lines)
        .map((l) => l.slice(0, 400))
        .join('\n'),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(deploymentFile, { force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForOutput(/\[devnet\] Ctrl\+C stops everything/, options.readyTimeoutMs ?? 240_000);
  } catch (e) {
    console.log(`---- devnet output (last 150 lines)\n${dev.tail()}`);
    await dev.stop();
    throw e;
  }
  return dev;
}
