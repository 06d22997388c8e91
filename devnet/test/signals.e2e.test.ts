// `kill -TERM` of the `npm start` process (npm → sh -c → tsx → the devnet → anvil, the IPFS hub, the nodes):
// npm and sh die without passing the signal on; the devnet must notice, stop every node in order, and leave no
// process of the tree behind. The smallest devnet that has every tier: anvil, the hub, one worker. Also: the hub
// serves its gateway (the checkpoint archive's way in) without the dashboard.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { freeLoopbackPort } from '@veritrain/node-core/testing';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tag = `devnet-signals-${process.pid}`;
const deploymentFile = path.join(repoRoot, 'deployments', `${tag}.json`);
const dataDir = path.join(repoRoot, '.veritrain', tag);

/** Every process whose chain of parents leads to `root` (root included), from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree];
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

let pids: number[] = [];
afterAll(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(deploymentFile, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

it('kill -TERM of the npm start process stops the whole devnet in order and leaves no process behind', async () => {
  const port = await freeLoopbackPort();
  // Its own process group, as a shell starts a job; a signal to the group would be the Ctrl+C case.
  const npm = spawn(
    'npm',
    [
      'start',
      '--',
      '--port',
      String(port),
      '--workers',
      '1',
      '--adversarial',
      '0',
      '--fraud-proofers',
      '0',
      '--validators',
      '0',
      '--dashboard-port',
      '0',
      '--metrics-base-port',
      '0',
      '--steps',
      '400',
      '--throttle-step-ms',
      '200',
      '--log-format',
      'json',
      '--data-dir',
      path.relative(repoRoot, dataDir),
      '--deployment-file',
      path.relative(repoRoot, deploymentFile),
    ],
    { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  onTestFailed(() => console.log(output.split('\n').slice(-60).join('\n')));
  const deadline = Date.now() + 180_000;
  while (!/"msg":"submitted"[\s\S]*"msg":"lease acquired"/.test(output)) {
    if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}) before a second lease was acquired`);
    if (Date.now() > deadline) throw new Error('no second lease acquired within 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  // Without the dashboard the hub still serves its gateway, which the archiver copies every checkpoint through.
  const gateway = output.match(/\[devnet\]\s+IPFS gateway\s+(http:\/\/127\.0\.0\.1:\d+)\/ipfs/)?.[1];
  expect(gateway).toBeDefined();
  const checkpointCid = output.match(
    /"checkpointCid":"(\w+)","manifestCid":"\w+","msg":"checkpoint and manifest stored and pinned"/,
  )?.[1];
  expect((await fetch(`${gateway}/ipfs/${checkpointCid}`)).status).toBe(200);
  pids = descendants(npm.pid!);
  // npm, sh, tsx, the devnet, anvil, the hub, the worker (and the helpers they run: esbuild, the reaper).
  expect(pids.length).toBeGreaterThanOrEqual(7);
  const named = [...output.matchAll(/ pid (\d+)/g)].map((m) => Number(m[1]));
  expect(named.length).toBeGreaterThanOrEqual(3);
  pids = [...new Set([...pids, ...named])];

  npm.kill('SIGTERM');
  const stopBy = Date.now() + 60_000;
  while (pids.some(alive) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 200));
  expect(pids.filter(alive)).toEqual([]);
  // Stopped by the devnet, in order, not killed: the worker stopped cleanly before the hub and anvil.
  expect(output).toMatch(/\[devnet\] process \d+ this devnet was started under has exited/);
  expect(output).toContain('[devnet] stopping every node');
  expect(output).not.toMatch(/did not stop within the grace period/);
  expect(output).toMatch(/\[worker-1\] .*"exitCode":0,"msg":"stopped"/);
});
