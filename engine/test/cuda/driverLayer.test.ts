import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The CUDA backend's driver layer (engine/cuda/src/device_cuda.cc: dlopen of libcuda, symbol binding,
// context, module load, kernel launches with their argument structs, copies) driven end to end without a
// GPU, through a stand-in libcuda (engine/cuda/test/fake_libcuda.cc) that runs the host-compiled kernels;
// and the driver failures a real driver cannot be made to produce on demand. What a GPU computes is the
// GPU check's (engine/cuda/gpu/check.sh).
const engineDir = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'vt-fake-cuda-'));
const driver = join(work, 'libcuda_fake.so');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const build = spawnSync(
  process.env.CXX ?? 'g++',
  [
    '-std=c++17',
    '-O1',
    '-shared',
    '-fPIC',
    '-ffp-contract=off',
    '-o',
    driver,
    'cuda/test/fake_libcuda.cc',
    'cuda/src/emu_runtime.cc',
    'cuda/src/emu_kernels.cc',
  ],
  { cwd: engineDir, encoding: 'utf8' },
);
const tsx = join(engineDir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

function child(mode: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [tsx, join(engineDir, 'test', 'cuda', 'driverChild.ts'), mode], {
    encoding: 'utf8',
    env: { ...process.env, VERITRAIN_CUDA_DRIVER: driver, ...env },
    timeout: 240_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('the cuda backend through a libcuda stand-in', () => {
  it('builds the stand-in driver (g++, as the addon needs)', () => {
    expect(build.status, `${build.error ?? ''}${build.stderr}`).toBe(0);
  });

  it('opens the device, loads the committed fatbin, and reproduces the op goldens and ten steps of a step golden', () => {
    const out = child('goldens');
    expect(out).toMatchObject({ ok: true, name: 'cuda', opsDiffer: [], stepsMatch: true });
    expect(out.description).toMatch(/^cuda \(Fake GPU \(host emulator\) \(sm_90, driver 13\.0\)\)$/);
    expect((out.stats as { live: number; launches: number }).launches).toBeGreaterThan(500);
  }, 240_000);

  it.each([
    ['init', /CUDA_UNAVAILABLE|cuInit failed: FAKE_INIT_FAILED \(999\): the fake driver was told to fail cuInit/],
    ['nodevice', /the CUDA driver reports no device/],
    ['module', /cuModuleLoadData \(loading vtf32\.fatbin\): CUDA_ERROR_INVALID_IMAGE/],
  ])(
    'FAKE_CUDA_FAIL=%s: CUDA_UNAVAILABLE with the driver reason, no crash',
    (mode, reason) => {
      const out = child('compute', { FAKE_CUDA_FAIL: mode });
      expect(out).toMatchObject({ ok: false, code: 'CUDA_UNAVAILABLE' });
      expect(out.reason).toMatch(reason);
    },
    60_000,
  );

  it.each([
    ['oom', 'DEVICE_ERROR', /cuMemAlloc of \d+ bytes: CUDA_ERROR_OUT_OF_MEMORY/],
    ['launch', 'DEVICE_ERROR', /cuda: vt_binary: CUDA_ERROR_LAUNCH_FAILED/],
  ])(
    'FAKE_CUDA_FAIL=%s mid-run: a typed EngineError %s naming the driver call, no crash',
    (mode, code, message) => {
      const out = child('compute', { FAKE_CUDA_FAIL: mode });
      expect(out).toMatchObject({ ok: true, failed: true, name: 'EngineError', code });
      expect(out.message).toMatch(message);
    },
    60_000,
  );
});
