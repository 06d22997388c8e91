import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A node (worker, fraud-proofer, validator) running as a real child process with JSON logs on stderr. */
export type NodeProcess = {
  child: ChildProcess;
  /** Everything it logged so far. */
  logs(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the first log line whose `msg` is `msg` (already logged or still to come); rejects if the
   *  process exits first, with its last output. */
  waitFor(msg: string): Promise<Record<string, unknown>>;
};

/**
 * Starts `script` under tsx with `args` (the node's flags; it must log JSON lines, `--log-format json`) and the
 * extra environment (its key, its RPC URL). The end-to-end tests' way to run nodes as the devnet does.
 */
export function spawnNodeProcess(params: {
  name: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
  tsxLoader: string;
}): NodeProcess {
  const child = spawn(process.execPath, ['--import', params.tsxLoader, params.script, ...params.args], {
    env: { ...process.env, ...params.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const line = logs.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
        if (line) {
          child.stderr!.off('data', check);
          resolve(JSON.parse(line) as Record<string, unknown>);
        }
      };
      child.stderr!.on('data', check);
      child.once('exit', () => reject(new Error(`${params.name} exited before "${msg}":\n${logs.slice(-3000)}`)));
      check();
    });
  return { child, logs: () => logs, exited, waitFor };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
