import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const engineDir = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'veritrain-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the install step on a scratch copy of engine/native, so the real build is never touched. */
function install(env: Record<string, string>, args: string[] = []) {
  const dir = join(scratch, `native-${Object.keys(env).join('-') || 'plain'}-${args.join('')}`);
  cpSync(join(engineDir, 'native', 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(engineDir, 'native', 'binding.gyp'), join(dir, 'binding.gyp'));
  const r = spawnSync(process.execPath, [join(engineDir, 'scripts', 'buildNative.mjs'), ...args], {
    env: { ...process.env, VERITRAIN_NATIVE_DIR: dir, ...env },
    encoding: 'utf8',
  });
  return { ...r, dir };
}

describe('the native build at npm install', () => {
  it('leaves the install green and says why when there is no working C compiler', () => {
    const r = install({ CC: '/nonexistent/cc', CXX: '/nonexistent/c++' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /veritrain engine: the native backend was not built \(node-gyp failed: .+\); the engine will use wasm or ref/,
    );
    expect(existsSync(join(r.dir, 'build', 'Release', 'vtf32.node'))).toBe(false);
  });

  it('fails an explicit rebuild (npm run build:native) without a compiler, with the compiler output', () => {
    const r = install({ CC: '/nonexistent/cc', CXX: '/nonexistent/c++' }, ['--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nonexistent/);
  });

  it('skips the build when VERITRAIN_SKIP_NATIVE_BUILD=1, saying so', () => {
    const r = install({ VERITRAIN_SKIP_NATIVE_BUILD: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('VERITRAIN_SKIP_NATIVE_BUILD=1: the native backend was not built');
  });
});

describe('a missing addon at run time', () => {
  it('auto falls back to wasm with a reason naming the missing file, and gives the bits native gives', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import { loadBackend } from './src/node.ts';
           const r = await loadBackend('auto');
           console.log(JSON.stringify({ name: r.backend.name, skipped: r.skipped, sum: r.backend.sum(Float32Array.of(0.1, 0.2, 0.3)) }));`,
        ],
        { cwd: engineDir, env: { ...process.env, ...env }, encoding: 'utf8' },
      );
    const missing = run({ VERITRAIN_NATIVE_ADDON: join(scratch, 'no-such', 'vtf32.node') });
    expect(missing.status, missing.stderr).toBe(0);
    const out = JSON.parse(missing.stdout.trim().split('\n').at(-1)!) as {
      name: string;
      skipped: { name: string; reason: string }[];
      sum: number;
    };
    expect(out.name).toBe('wasm');
    expect(out.skipped).toEqual([
      { name: 'native', reason: expect.stringMatching(/the addon was not built \(.*no-such.*vtf32\.node is missing/) },
    ]);
    const normal = run({});
    const built = JSON.parse(normal.stdout.trim().split('\n').at(-1)!) as { name: string; sum: number };
    expect(built.name).toBe('native');
    expect(out.sum).toBe(built.sum);
  });
});
