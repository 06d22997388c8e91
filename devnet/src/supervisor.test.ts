import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSupervisor, describeExit, isFailure, type ExitInfo } from './supervisor';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');

function sink() {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { out, text: () => text };
}
const node = (code: string) => ({ command: process.execPath, args: ['-e', code] });
// A child that reports SIGINT and exits 0 on it, like the veritrain nodes.
const graceful = node(
  `process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);`,
);

describe('createSupervisor', () => {
  it('prefixes each child’s stdout and stderr lines with its name', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 5_000 });
    const c = sup.start({ name: 'w1', ...node(`console.log('hello'); console.error('oops');`) });
    expect(await c.exited).toMatchObject({ name: 'w1', code: 0, signal: null, duringShutdown: false, killed: false });
    expect(s.text()).toContain('[w1] hello\n');
    expect(s.text()).toContain('[w1] oops\n');
  });

  it('reports a child that crashes before shutdown, with its last lines, and counts it as a failure', async () => {
    const s = sink();
    const early: ExitInfo[] = [];
    let tail: string[] = [];
    const sup = createSupervisor({
      out: s.out,
      color: false,
      graceMs: 5_000,
      onEarlyExit: (info, child) => {
        early.push(info);
        tail = child.tail(5);
      },
    });
    await sup.start({ name: 'bad', ...node(`console.error('boom'); process.exit(3);`) }).exited;
    expect(early).toEqual([{ name: 'bad', code: 3, signal: null, duringShutdown: false, killed: false }]);
    expect(tail).toEqual(['boom']);
    expect(sup.failures().map((f) => f.name)).toEqual(['bad']);
  });

  it('stops every child with SIGINT; a clean stop is no failure', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 5_000 });
    const a = sup.start({ name: 'a', ...graceful });
    const b = sup.start({ name: 'b', ...graceful });
    await Promise.all([a.waitForLine((l) => l === 'up', 10_000), b.waitForLine((l) => l === 'up', 10_000)]);
    const exits = await sup.stopAll();
    expect(exits.map((e) => [e.name, e.code, e.duringShutdown]).sort()).toEqual([
      ['a', 0, true],
      ['b', 0, true],
    ]);
    expect(s.text()).toContain('[a] got SIGINT');
    expect(sup.failures()).toEqual([]);
  });

  it('stops tier by tier, the highest first, each tier gone before the next is asked', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 5_000 });
    // The chain-like child exits slowly; it must still be asked last.
    const chain = sup.start({ name: 'chain', tier: 0, ...graceful });
    const nodeA = sup.start({
      name: 'node',
      tier: 2,
      ...node(
        `process.on('SIGINT', () => setTimeout(() => process.exit(0), 300)); console.log('up'); setInterval(() => {}, 1000);`,
      ),
    });
    const hub = sup.start({ name: 'hub', tier: 1, ...graceful });
    await Promise.all([chain, nodeA, hub].map((c) => c.waitForLine((l) => l === 'up', 10_000)));
    const exits = await sup.stopAll();
    expect(exits.map((e) => e.name)).toEqual(['node', 'hub', 'chain']);
    expect(sup.failures()).toEqual([]);
  });

  it('kills a child that ignores SIGINT after the grace period and reports it', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 300 });
    const c = sup.start({
      name: 'stuck',
      ...node(`process.on('SIGINT', () => {}); console.log('up'); setInterval(() => {}, 1000);`),
    });
    await c.waitForLine((l) => l === 'up', 10_000);
    const started = Date.now();
    const [exit] = await sup.stopAll();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(exit).toMatchObject({ name: 'stuck', signal: 'SIGKILL', killed: true });
    expect(describeExit(exit!)).toBe('did not stop within the grace period and was killed');
    expect(isFailure(exit!)).toBe(true);
  });

  it('rejects waitForLine with the child’s last lines when it exits first', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 1_000 });
    const c = sup.start({ name: 'hub', ...node(`console.error('cannot listen'); process.exit(5);`) });
    await expect(c.waitForLine((l) => l.startsWith('{'), 10_000)).rejects.toThrow(
      /CHILD_FAILED: hub exited with code 5 before it was ready; last lines:\ncannot listen/,
    );
  });

  it('keeps a quiet child’s output out of the terminal but in its tail', async () => {
    const s = sink();
    const sup = createSupervisor({ out: s.out, color: false, graceMs: 1_000 });
    const c = sup.start({ name: 'anvil', quiet: true, ...node(`console.log('eth_call')`) });
    await c.exited;
    expect(s.text()).toBe('');
    expect(c.tail()).toEqual(['eth_call']);
  });
});

describe('a supervisor that dies without stopping its children', () => {
  it('SIGKILLed: its reaper stops every child, tier by tier, and none is left', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'vt-reaper-')), 'sigint.log');
    const sup = spawn(
      process.execPath,
      ['--import', tsxLoader, new URL('./fixtures/supervisorChild.ts', import.meta.url).pathname, log],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      sup.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as number[]);
      });
      sup.once('exit', (code) => reject(new Error(`the supervisor exited with ${code} before starting its children`)));
    });
    expect(pids.every(alive)).toBe(true);
    sup.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    // Asked with SIGINT (they logged it), the higher tier first, as the supervisor's own stop.
    expect(readFileSync(log, 'utf8')).toBe('node\nchain\n');
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
