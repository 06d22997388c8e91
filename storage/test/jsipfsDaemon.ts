import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface JsIpfsDaemon {
  /** Kubo RPC API base URL, e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real js-ipfs 0.66.1 daemon serving the Kubo RPC API on a loopback port (`apiPort`, else one the OS picks): a fresh
 * repo (test profile) in a temp IPFS_PATH, no swarm addresses, no bootstrap, no delegates, `--offline`,
 * so it never touches the network. Kubo itself cannot be installed here (its npm package downloads the
 * Go binary from the internet); js-ipfs is the real RPC server that can.
 */
export async function startJsIpfsDaemon(
  options: { readyTimeoutMs?: number; apiPort?: number } = {},
): Promise<JsIpfsDaemon> {
  const cli = resolve(here, 'kubo-peer/node_modules/ipfs/src/cli.js');
  if (!existsSync(cli))
    throw new Error(
      `js-ipfs is not installed: expected ${cli} (run \`node storage/scripts/installKuboPeer.mjs\`, which \`npm test -w storage\` runs first)`,
    );
  const root = await mkdtemp(join(tmpdir(), 'veritrain-jsipfs-'));
  const initConfig = join(root, 'init-config.json');
  await writeFile(
    initConfig,
    JSON.stringify({
      Addresses: { API: `/ip4/127.0.0.1/tcp/${options.apiPort ?? 0}`, Swarm: [], Gateway: '', RPC: '', Delegates: [] },
      Bootstrap: [],
      Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } },
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(here, 'withResolversPreload.mjs'),
      cli,
      'daemon',
      '--offline',
      '--init-profile',
      'test',
      '--init-config',
      initConfig,
    ],
    { env: { ...process.env, IPFS_PATH: join(root, 'repo'), DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const apiUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`js-ipfs daemon not ready within ${options.readyTimeoutMs ?? 45_000} ms:\n${output}`)),
      options.readyTimeoutMs ?? 45_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const api = /HTTP API listening on \/ip4\/([\d.]+)\/tcp\/(\d+)\/http/.exec(output);
      if (api !== null && output.includes('Daemon is ready')) {
        clearTimeout(timer);
        resolveUrl(`http://${api[1]}:${api[2]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`js-ipfs daemon exited with code ${code} before it was ready:\n${output}`));
    });
  }).catch(async (err) => {
    await kill(child);
    await rm(root, { recursive: true, force: true });
    throw err;
  });
  return {
    apiUrl,
    async stop() {
      await kill(child);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
