import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deterministicBytes } from '../../test/deterministicBytes';
import { tempDirs } from '../../test/tempDir';
import { createEmbeddedStore } from '../embeddedStore';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'bin.mjs');
const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function run(args: string[]) {
  return spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('veritrain-ipfs', () => {
  it('runs a hub that two nodes use to exchange a checkpoint, serves it over its HTTP gateway, and stops cleanly on SIGINT', async () => {
    const hubProcess = run([
      '--dir',
      await dirs.make('cli-hub'),
      '--gateway',
      '127.0.0.1:0',
      '--gateway-allow-origin',
      'http://127.0.0.1:5173',
    ]);
    const [line] = (await once(createInterface({ input: hubProcess.stdout! }), 'line')) as [string];
    const hub = JSON.parse(line) as { peerId: string; multiaddrs: string[]; gateway: string };
    expect(hub.multiaddrs[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${hub.peerId}$`));
    expect(hub.gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const worker = await createEmbeddedStore({ dir: await dirs.make('cli-worker'), bootstrap: hub.multiaddrs });
    const reader = await createEmbeddedStore({ dir: await dirs.make('cli-reader'), bootstrap: hub.multiaddrs });
    try {
      const checkpoint = deterministicBytes(500_000);
      const cid = await worker.add(checkpoint);
      expect(Buffer.from(await reader.get(cid, { timeoutMs: 15_000 })).equals(Buffer.from(checkpoint))).toBe(true);
      // The hub holds nothing: the gateway's read finds the worker through the DHT, as a browser's would.
      const res = await fetch(`${hub.gateway}/ipfs/${cid}`, { headers: { origin: 'http://127.0.0.1:5173' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(checkpoint))).toBe(true);
      expect((await fetch(`${hub.gateway}/ipfs/bafy-not-a-cid`)).status).toBe(400);
    } finally {
      await Promise.all([worker.close(), reader.close()]);
    }

    const exited = once(hubProcess, 'exit');
    hubProcess.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
  });

  it('exits 2 with the usage on a bad flag, a missing --dir or a bad --gateway', async () => {
    const results = await Promise.all(
      [['--nope'], [], ['--dir', '/nonexistent-never-created', '--gateway', 'nope']].map(async (args) => {
        const child = run(args);
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const [code] = await once(child, 'exit');
        return { code, stderr };
      }),
    );
    for (const { code, stderr } of results) {
      expect(code).toBe(2);
      expect(stderr).toContain('Usage: veritrain-ipfs');
    }
  });
});
