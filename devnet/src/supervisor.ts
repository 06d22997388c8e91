import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DevnetError } from './devnetError';
import { colorFor, createLinePrefixer } from './prefixLines';

export type ChildSpec = {
  /** The label of its output lines: `[worker-1] …`. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Shutdown order: higher tiers are stopped first, and each tier is gone before the next one is asked (the
   *  nodes before the IPFS hub, the hub before anvil, so nobody loses its chain or peers while stopping). */
  tier?: number;
  /** Keep the output out of the terminal (anvil logs every request); it is still kept for crash reports. */
  quiet?: boolean;
};

export type ExitInfo = {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It exited after stopAll asked it to. */
  duringShutdown: boolean;
  /** It had to be killed with SIGKILL after the grace period. */
  killed: boolean;
};

export type ManagedChild = {
  name: string;
  process: ChildProcess;
  exited: Promise<ExitInfo>;
  /** The last lines it printed (stdout and stderr), for crash reports. */
  tail(lines?: number): string[];
  /** Resolves with the first line (already printed or still to come) that `match` accepts. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
};

const TAIL_LINES = 200;
const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

/** Whether an exit is a failure: a crash before shutdown, or anything but a clean stop during it. */
export function isFailure(info: ExitInfo): boolean {
  if (info.killed) return true;
  if (info.duringShutdown) return !(info.code === 0 || info.signal === 'SIGINT' || info.signal === 'SIGTERM');
  return info.code !== 0;
}

export function describeExit(info: ExitInfo): string {
  if (info.killed) return 'did not stop within the grace period and was killed';
  if (info.signal !== null) return `was killed by ${info.signal}`;
  return info.code === 0 ? 'exited cleanly (0)' : `exited with code ${info.code}`;
}

/**
 * Runs the devnet's processes: prefixes their output, remembers how each one ended, and stops them all
 * (SIGINT tier by tier, then SIGKILL after `graceMs`). Children get their own process group (`detached`) so that a Ctrl+C
 * in the terminal reaches only the devnet, which then stops them in order; a second signal to the children
 * would make them exit at once with 130. Because they are detached, a supervisor that dies without stopping
 * them (SIGKILL, a crash) would leave them running: the reaper (reaper.mjs), told of every child through a
 * pipe, sees the pipe close and stops them the same way.
 */
export function createSupervisor(options: {
  out: Writable;
  color: boolean;
  graceMs: number;
  labelWidth?: number;
  /** Called when a child exits before stopAll (finished or crashed). */
  onEarlyExit?: (info: ExitInfo, child: ManagedChild) => void;
}) {
  const children: ManagedChild[] = [];
  const exits: ExitInfo[] = [];
  const tierOf = new Map<ManagedChild, number>();
  let stopping = false;
  let reaper: ChildProcess | undefined;

  /** Tells the reaper (started with the first child) about a child; it stops the listed ones if we die. */
  function toReaper(line: string): void {
    if (!reaper) {
      reaper = spawn(process.execPath, [REAPER, String(options.graceMs)], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
      });
      reaper.on('error', () => {});
      reaper.stdin!.on('error', () => {});
      // Neither the process nor its pipe may keep this one's event loop alive.
      reaper.unref();
      (reaper.stdin as unknown as { unref?: () => void }).unref?.();
    }
    if (reaper.stdin!.writable) reaper.stdin!.write(`${line}\n`);
  }

  function start(spec: ChildSpec): ManagedChild {
    if (stopping) throw new DevnetError('START_FAILED', `cannot start ${spec.name}: the devnet is stopping`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const lines: string[] = [];
    const listeners = new Set<(line: string) => void>();
    const prefixer = createLinePrefixer(options.out, spec.name, {
      ...(options.color ? { color: colorFor(children.length) } : {}),
      ...(options.labelWidth !== undefined ? { width: options.labelWidth } : {}),
    });
    let partial = { stdout: '', stderr: '' };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (!spec.quiet) prefixer.write(chunk);
      const parts = (partial[stream] + chunk.toString()).split('\n');
      partial = { ...partial, [stream]: parts.pop()! };
      for (const line of parts) {
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        for (const l of listeners) l(line);
      }
    };
    child.stdout!.on('data', onData('stdout'));
    child.stderr!.on('data', onData('stderr'));
    let killed = false;
    const exited = new Promise<ExitInfo>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (!spec.quiet) prefixer.flush();
        const info: ExitInfo = { name: spec.name, code, signal, duringShutdown: stopping, killed };
        exits.push(info);
        resolve(info);
        if (!stopping) options.onEarlyExit?.(info, managed);
      };
      child.once('error', (err) => {
        lines.push(`could not start ${spec.command}: ${err.message}`);
        finish(127, null);
      });
      child.once('exit', (code, signal) => {
        if (child.pid !== undefined) toReaper(`exit ${child.pid}`);
        finish(code, signal);
      });
    });
    if (child.pid !== undefined) toReaper(`start ${child.pid} ${spec.tier ?? 0}`);
    const managed: ManagedChild = {
      name: spec.name,
      process: child,
      exited,
      tail: (n = 20) => lines.slice(-n),
      waitForLine: (match, timeoutMs) =>
        new Promise<string>((resolve, reject) => {
          const seen = lines.find(match);
          if (seen !== undefined) return resolve(seen);
          const done = () => {
            listeners.delete(listener);
            clearTimeout(timer);
          };
          const listener = (line: string) => {
            if (match(line)) {
              done();
              resolve(line);
            }
          };
          const timer = setTimeout(() => {
            done();
            reject(
              new DevnetError(
                'START_FAILED',
                `${spec.name} did not print the expected line within ${timeoutMs} ms; last lines:\n${lines.slice(-20).join('\n')}`,
              ),
            );
          }, timeoutMs);
          listeners.add(listener);
          void exited.then((info) => {
            if (!listeners.has(listener)) return;
            done();
            reject(
              new DevnetError(
                'CHILD_FAILED',
                `${spec.name} ${describeExit(info)} before it was ready; last lines:\n${lines.slice(-20).join('\n')}`,
              ),
            );
          });
        }),
    };
    // Mark a forced kill before the exit event reports it.
    const kill = child.kill.bind(child);
    child.kill = (signal?: NodeJS.Signals | number) => {
      if (signal === 'SIGKILL') killed = true;
      return kill(signal);
    };
    children.push(managed);
    tierOf.set(managed, spec.tier ?? 0);
    return managed;
  }

  const alive = (c: ManagedChild) =>
    c.process.exitCode === null && c.process.signalCode === null && c.process.pid !== undefined;

  /** SIGINT to every running child, tier by tier (highest first); SIGKILL to any still running graceMs after
   *  its SIGINT. */
  async function stopAll(): Promise<ExitInfo[]> {
    stopping = true;
    const tiers = [...new Set(children.map((c) => tierOf.get(c) ?? 0))].sort((a, b) => b - a);
    for (const tier of tiers) {
      const running = children.filter((c) => (tierOf.get(c) ?? 0) === tier && alive(c));
      for (const c of running) c.process.kill('SIGINT');
      const timer = setTimeout(() => {
        for (const c of running) if (alive(c)) c.process.kill('SIGKILL');
      }, options.graceMs);
      await Promise.all(running.map((c) => c.exited));
      clearTimeout(timer);
    }
    reaper?.stdin?.end();
    return exits;
  }

  /** A second Ctrl+C: kill everything now, each child's whole process group (its own children too). */
  function forceAll(): void {
    stopping = true;
    for (const c of children) {
      if (!alive(c)) continue;
      c.process.kill('SIGKILL');
      try {
        process.kill(-c.process.pid!, 'SIGKILL');
      } catch {
        // the group is gone with its leader
      }
    }
  }

  return {
    start,
    stopAll,
    forceAll,
    children: () => [...children],
    exits: () => [...exits],
    failures: () => exits.filter(isFailure),
    get stopping() {
      return stopping;
    },
  };
}

export type Supervisor = ReturnType<typeof createSupervisor>;
