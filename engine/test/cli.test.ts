import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main';
import type { GoldenFile } from './conformance/stepCases';

const bin = fileURLToPath(new URL('../src/cli/bin.mjs', import.meta.url));
const golden = JSON.parse(readFileSync(new URL('./golden/steps.json', import.meta.url), 'utf8')) as GoldenFile;
const mlp = golden.cases.find((c) => c.name === 'mlp-relu-sgd')!;
const dir = mkdtempSync(join(tmpdir(), 'veritrain-engine-cli-'));
writeFileSync(join(dir, 'run.json'), JSON.stringify(mlp.spec));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, INIT_CWD: dir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('engine CLI', () => {
  it('genesis, step and verify reproduce the golden roots and report verdicts by exit code', () => {
    const g = cli('genesis', '--spec', 'run.json', '--out', 's0.ckpt', '--json');
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ step: 0, stateRoot: mlp.genesisRoot, specHash: mlp.specHash });

    const s = cli('step', '--spec', 'run.json', '--checkpoint', 's0.ckpt', '--steps', '9', '--out', 's9.ckpt', '--json');
    expect(s.code).toBe(0);
    expect(s.stderr).toContain('step 9/9');
    const out = JSON.parse(s.stdout) as { records: { step: number; stateRoot: string }[] };
    expect(out.records).toHaveLength(9);
    expect(out.records[0]!.stateRoot).toBe(mlp.stateRoots['1']);

    const claim = ['--state-root', mlp.stateRoots['10']!, '--loss-bits', String(mlp.lossBits['10'])];
    expect(cli('verify', '--spec', 'run.json', '--parent', 's9.ckpt', ...claim).code).toBe(0);
    const wrong = cli('verify', '--spec', 'run.json', '--parent', 's9.ckpt', '--state-root', mlp.stateRoots['1']!, '--loss-bits', String(mlp.lossBits['10']));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('REJECTED');
  });

  it.each([
    [['step', '--spec', 'run.json', '--checkpoint', 's0.ckpt', '--steps', '0', '--out', 'x.ckpt'], 2, 'positive integer'],
    [['verify', '--spec', 'run.json', '--parent', 'p.ckpt', '--state-root', '0x12', '--loss-bits', '1'], 2, '64 hex digits'],
    [['genesis', '--spec', 'run.json', '--out', 'x.ckpt', '--nope'], 2, "unknown option '--nope'"],
    [['genesis', '--spec', 'missing.json', '--out', 'x.ckpt'], 5, 'cannot read run spec missing.json'],
    [['eval', '--spec', 'run.json', '--checkpoint', 'run.json'], 3, 'CHECKPOINT_MAGIC'],
  ])('rejects bad input %j with exit code %i and a clear message', async (args, code, message) => {
    // In-process (main() is what the bin runs) to spare a Node start per case.
    const stderr: string[] = [];
    const stdout: string[] = [];
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    const initCwd = process.env.INIT_CWD;
    process.env.INIT_CWD = dir;
    try {
      expect(await main(args)).toBe(code);
    } finally {
      errSpy.mockRestore();
      outSpy.mockRestore();
      if (initCwd === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = initCwd;
    }
    expect(stderr.join('')).toContain(message);
    expect(stdout.join('')).toBe('');
  });
});
