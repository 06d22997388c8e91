import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
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
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: dir },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** main() in this process (what the bin runs), sparing a Node start; `env` is set for the call only. */
async function inProcess(args: string[], env: Record<string, string> = {}) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  const saved = Object.fromEntries(['INIT_CWD', ...Object.keys(env)].map((k) => [k, process.env[k]]));
  Object.assign(process.env, { INIT_CWD: dir, ...env });
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    errSpy.mockRestore();
    outSpy.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The stderr lines `auto` writes: one per backend it skipped, then the one it computes with. */
const BACKEND_LINES = /^(backend (native|wasm) skipped: .+\n)*backend: (ref|native|wasm)\b.*$/m;

describe('engine CLI', () => {
  it('genesis, step and verify reproduce the golden roots and report verdicts by exit code', () => {
    const g = cli('genesis', '--spec', 'run.json', '--out', 's0.ckpt', '--json');
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ step: 0, stateRoot: mlp.genesisRoot, specHash: mlp.specHash });

    const s = cli(
      'step',
      '--spec',
      'run.json',
      '--checkpoint',
      's0.ckpt',
      '--steps',
      '9',
      '--out',
      's9.ckpt',
      '--json',
    );
    expect(s.code).toBe(0);
    expect(s.stderr).toContain('step 9/9');
    // --backend defaults to auto: whichever backend it took, it says so before the first step, and the bits agree.
    expect(s.stderr).toMatch(BACKEND_LINES);
    expect(s.stderr.indexOf('backend: ')).toBeLessThan(s.stderr.indexOf('step 1/9'));
    const out = JSON.parse(s.stdout) as { backend: string; records: { step: number; stateRoot: string }[] };
    expect(s.stderr).toContain(`backend: ${out.backend}`);
    expect(out.records).toHaveLength(9);
    expect(out.records[0]!.stateRoot).toBe(mlp.stateRoots['1']);

    const claim = ['--state-root', mlp.stateRoots['10']!, '--loss-bits', String(mlp.lossBits['10'])];
    expect(cli('verify', '--spec', 'run.json', '--parent', 's9.ckpt', ...claim).code).toBe(0);
    const wrong = cli(
      'verify',
      '--spec',
      'run.json',
      '--parent',
      's9.ckpt',
      '--state-root',
      mlp.stateRoots['1']!,
      '--loss-bits',
      String(mlp.lossBits['10']),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('REJECTED');
  });

  it.each([
    [
      ['step', '--spec', 'run.json', '--checkpoint', 's0.ckpt', '--steps', '0', '--out', 'x.ckpt'],
      2,
      'positive integer',
    ],
    [
      ['verify', '--spec', 'run.json', '--parent', 'p.ckpt', '--state-root', '0x12', '--loss-bits', '1'],
      2,
      '64 hex digits',
    ],
    [['genesis', '--spec', 'run.json', '--out', 'x.ckpt', '--nope'], 2, "unknown option '--nope'"],
    [['genesis', '--spec', 'missing.json', '--out', 'x.ckpt'], 5, 'cannot read run spec missing.json'],
    [['eval', '--spec', 'run.json', '--checkpoint', 'run.json'], 3, 'CHECKPOINT_MAGIC'],
    [
      ['step', '--spec', 'run.json', '--checkpoint', 's0.ckpt', '--steps', '1', '--out', 'x.ckpt', '--backend', 'gpu'],
      2,
      "option '--backend <name>' argument 'gpu' is invalid. Allowed choices are auto, ref, native, wasm, cuda.",
    ],
    [
      [
        'verify',
        '--spec',
        'run.json',
        '--parent',
        'p.ckpt',
        '--state-root',
        `0x${'0'.repeat(64)}`,
        '--loss-bits',
        '1',
        '--threads',
        '0',
      ],
      2,
      "option '--threads <n>' argument '0' is invalid. expected a positive integer",
    ],
    [['genesis', '--spec', 'run.json', '--out', 'x.ckpt', '--backend', 'ref'], 2, "unknown option '--backend'"],
  ])('rejects bad input %j with exit code %i and a clear message', async (args, code, message) => {
    const r = await inProcess(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('refuses a FIFO, /dev/zero, a sparse 1.5 GiB file and JSON a million levels deep as --spec or --checkpoint, at once', async () => {
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const sparse = join(dir, 'sparse.ckpt');
    writeFileSync(sparse, '');
    truncateSync(sparse, 1.5 * 1024 ** 3);
    writeFileSync(join(dir, 'deep-small.json'), `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`);
    const cases: [string[], number, string][] = [
      [['spec', '--spec', fifo], 5, `run spec ${fifo}: is a FIFO; expected a regular file of at most 65536 bytes`],
      [
        ['spec', '--spec', '/dev/zero'],
        5,
        'run spec /dev/zero: is a device; expected a regular file of at most 65536 bytes',
      ],
      [
        ['spec', '--spec', sparse],
        5,
        `run spec ${sparse}: has ${1.5 * 1024 ** 3} bytes; expected a regular file of at most 65536 bytes`,
      ],
      [['spec', '--spec', 'deep-small.json'], 3, 'run spec deep-small.json: JSON nested deeper than 8 levels'],
      [
        ['eval', '--spec', 'run.json', '--checkpoint', '/dev/zero'],
        5,
        'checkpoint /dev/zero: is a device; expected a regular file of at most 1073741824 bytes',
      ],
      [['eval', '--spec', 'run.json', '--checkpoint', fifo], 5, `checkpoint ${fifo}: is a FIFO`],
      [
        ['eval', '--spec', 'run.json', '--checkpoint', sparse],
        5,
        `checkpoint ${sparse}: has ${1.5 * 1024 ** 3} bytes; expected a regular file of at most 1073741824 bytes`,
      ],
    ];
    for (const [args, code, message] of cases) {
      const started = performance.now();
      const r = await inProcess(args);
      expect([args, r.code]).toEqual([args, code]);
      expect(r.stderr).toContain(message);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it.each([
    [
      { VERITRAIN_BACKEND: 'gpu' },
      "option '--backend <name>' value 'gpu' from env 'VERITRAIN_BACKEND' is invalid. Allowed choices are auto, ref, native, wasm, cuda.",
    ],
    [
      { VERITRAIN_THREADS: 'many' },
      "option '--threads <n>' value 'many' from env 'VERITRAIN_THREADS' is invalid. expected a positive integer",
    ],
  ])(
    'rejects a bad env twin %j with exit code 2, naming the variable and the expected values',
    async (env, message) => {
      const r = await inProcess(['eval', '--spec', 'run.json', '--checkpoint', 'run.json'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    },
  );

  it('computes with the backend --backend or VERITRAIN_BACKEND names, says so on stderr and in --json', async () => {
    expect((await inProcess(['genesis', '--spec', 'run.json', '--out', 'b0.ckpt'])).code).toBe(0);
    const s = await inProcess([
      'step',
      '--spec',
      'run.json',
      '--checkpoint',
      'b0.ckpt',
      '--steps',
      '1',
      '--out',
      'b1.ckpt',
      '--json',
      '--backend',
      'ref',
    ]);
    expect(s.code).toBe(0);
    expect(s.stderr.split('\n')[0]).toBe('backend: ref (TypeScript)');
    expect(JSON.parse(s.stdout)).toMatchObject({
      backend: 'ref',
      records: [{ step: 1, stateRoot: mlp.stateRoots['1'] }],
    });
    const claim = ['--state-root', mlp.stateRoots['1']!, '--loss-bits', String(mlp.lossBits['1'])];
    const v = await inProcess(['verify', '--spec', 'run.json', '--parent', 'b0.ckpt', ...claim, '--json'], {
      VERITRAIN_BACKEND: 'ref',
      VERITRAIN_THREADS: '2',
    });
    expect(v.code).toBe(0);
    expect(v.stderr).toBe('backend: ref (TypeScript)\n');
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, backend: 'ref' });
    // The flag wins over its env twin.
    const e = await inProcess(
      ['eval', '--spec', 'run.json', '--checkpoint', 'b1.ckpt', '--max-examples', '8', '--json', '--backend', 'ref'],
      { VERITRAIN_BACKEND: 'native' },
    );
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ backend: 'ref', examples: 8 });
    // --quiet silences the backend line with the rest of the progress.
    const q = await inProcess([
      'step',
      '--spec',
      'run.json',
      '--checkpoint',
      'b0.ckpt',
      '--steps',
      '1',
      '--out',
      'b1.ckpt',
      '--quiet',
      '--backend',
      'ref',
    ]);
    expect(q.code).toBe(0);
    expect(q.stderr).toBe('');
  });

  it.each(['native', 'wasm', 'cuda'] as const)(
    '--backend %s either computes the golden bits with it or fails with exit 6 BACKEND_UNAVAILABLE',
    async (name) => {
      expect((await inProcess(['genesis', '--spec', 'run.json', '--out', `${name}0.ckpt`])).code).toBe(0);
      for (const [args, env, where] of [
        [['--backend', name], {}, `--backend ${name}`],
        [[], { VERITRAIN_BACKEND: name }, `VERITRAIN_BACKEND=${name}`],
      ] as const) {
        const r = await inProcess(
          [
            'step',
            '--spec',
            'run.json',
            '--checkpoint',
            `${name}0.ckpt`,
            '--steps',
            '1',
            '--out',
            `${name}1.ckpt`,
            '--json',
            ...args,
          ],
          env,
        );
        if (r.code === 0) {
          expect(r.stderr).toMatch(new RegExp(`^backend: ${name}\\b`));
          expect(JSON.parse(r.stdout)).toMatchObject({
            backend: name,
            records: [{ step: 1, stateRoot: mlp.stateRoots['1'] }],
          });
        } else {
          expect(r.code).toBe(6);
          expect(r.stderr).toMatch(
            new RegExp(`^error: BACKEND_UNAVAILABLE: ${where}: the ${name} backend is unavailable: .+\\n$`),
          );
          // cuda without a GPU: the driver's reason, under its own code.
          if (name === 'cuda') expect(r.stderr).toMatch(/unavailable: CUDA_UNAVAILABLE: .*(driver|device|libcuda)/);
          expect(r.stdout).toBe('');
        }
      }
    },
  );
});
