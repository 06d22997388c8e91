import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forbiddenReason, ptxKernels } from './ptxAudit';

// engine/cuda/vtf32.fatbin and vtf32.ptx are committed: these checks tie them to the CUDA source and the
// build script (an edit without a rebuild fails here), and read the PTX for every instruction VT-F32
// forbids. Where nvcc is installed (these machines have nvcc 13 but no GPU) the image is rebuilt byte for
// byte and the sm_80 PTX is audited too.
const engineDir = fileURLToPath(new URL('../../../', import.meta.url));
const cudaDir = join(engineDir, 'cuda');
const buildScript = join(engineDir, 'scripts', 'buildCuda.mjs');
const REBUILD = 'rebuild it with `npm run build:cuda -w engine` (needs nvcc) and commit engine/cuda/';

interface BuildRecord {
  format: string;
  fatbin: { file: string; bytes: number; sha256: string };
  ptx: { file: string; arch: string; bytes: number; sha256: string };
  sourceDir: string;
  sources: Record<string, string>;
  nvcc: string;
  flags: string[];
  gencode: string[];
  kernels: string[];
}

const record = JSON.parse(readFileSync(join(cudaDir, 'vtf32.cuda.json'), 'utf8')) as BuildRecord;
const fatbin = readFileSync(join(cudaDir, record.fatbin.file));
const ptx = readFileSync(join(cudaDir, record.ptx.file), 'utf8');
const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const argsHeader = readFileSync(join(cudaDir, 'src', 'vt_cuda_args.h'), 'utf8');
/** The kernel table of vt_cuda_args.h: X(name, type, barriers). */
const TABLE = [...argsHeader.matchAll(/^\s*X\((vt_\w+), \w+, [01]\)/gm)].map((m) => m[1]!);

function nvccVersion(): string | undefined {
  const r = spawnSync(process.env.NVCC ?? 'nvcc', ['--version'], { encoding: 'utf8' });
  return r.status === 0
    ? r.stdout
        .split('\n')
        .find((l) => /release/.test(l))
        ?.trim()
    : undefined;
}

function audit(text: string): string[] {
  const problems: string[] = [];
  for (const k of ptxKernels(text)) {
    for (const [op, count] of k.opcodes) {
      const why = forbiddenReason(op);
      if (why) problems.push(`${k.name}: ${op} ×${count} (${why})`);
    }
  }
  return problems;
}

describe('the committed CUDA kernel image (engine/cuda)', () => {
  it('was built from the current CUDA sources', () => {
    expect(record.format).toBe('veritrain-cuda-build/1');
    expect(Object.keys(record.sources)).toEqual(expect.arrayContaining(['vtf32_kernels.cu', 'vt_cuda_args.h']));
    for (const [file, hash] of Object.entries(record.sources)) {
      expect(
        sha256(readFileSync(join(engineDir, '..', record.sourceDir, file))),
        `${record.sourceDir}/${file} changed since vtf32.fatbin was built: ${REBUILD}`,
      ).toBe(hash);
    }
  });

  it('is the image and PTX its build record describes', () => {
    expect(
      { bytes: fatbin.length, sha256: sha256(fatbin) },
      `vtf32.fatbin does not match vtf32.cuda.json: ${REBUILD}`,
    ).toEqual({ bytes: record.fatbin.bytes, sha256: record.fatbin.sha256 });
    expect(sha256(ptx), `vtf32.ptx does not match vtf32.cuda.json: ${REBUILD}`).toBe(record.ptx.sha256);
  });

  it('was built with exact-arithmetic flags for sm_80 and sm_90 plus PTX, as the build script says now', () => {
    const r = spawnSync(process.execPath, [buildScript, '--print-flags'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect({ flags: record.flags, gencode: record.gencode }).toEqual({
      flags: JSON.parse(r.stdout).flags,
      gencode: JSON.parse(r.stdout).gencode,
    });
    expect(record.flags).toEqual(
      expect.arrayContaining(['-fmad=false', '-ftz=false', '-prec-div=true', '-prec-sqrt=true']),
    );
    expect(record.flags.filter((f) => /fast_math|fast-math|use_fast|-ftz=true|-fmad=true/.test(f))).toEqual([]);
    expect(record.gencode.join(' ')).toContain('code=sm_80');
    expect(record.gencode.join(' ')).toContain('code=sm_90');
    expect(record.gencode.join(' ')).toContain('code=compute_90');
  });

  it('holds exactly the kernels of the kernel table, and the PTX has them all', () => {
    expect(TABLE.length).toBeGreaterThan(15);
    expect([...record.kernels].sort()).toEqual([...TABLE].sort());
    expect(
      ptxKernels(ptx)
        .map((k) => k.name)
        .sort(),
    ).toEqual([...TABLE].sort());
  });

  it('PTX: no fma, .ftz, .approx, ex2, lg2, rcp, float min/max, atomics or reduced precision in any kernel', () => {
    expect(audit(ptx)).toEqual([]);
    // The audit sees what it must: the product's separately rounded multiply and add, IEEE div and sqrt.
    const gemm = ptxKernels(ptx).find((k) => k.name === 'vt_gemm')!;
    expect(gemm.opcodes.get('mul.rn.f32') ?? 0).toBeGreaterThanOrEqual(64);
    expect(gemm.opcodes.get('add.rn.f32') ?? 0).toBeGreaterThanOrEqual(64);
    const all = ptxKernels(ptx).flatMap((k) => [...k.opcodes.keys()]);
    expect(all).toContain('div.rn.f32');
    expect(all).toContain('sqrt.rn.f32');
  });

  it('the audit catches what it is there for', () => {
    const bad = [
      'fma.rn.f32',
      'add.ftz.f32',
      'div.approx.f32',
      'div.full.f32',
      'ex2.approx.f32',
      'lg2.approx.ftz.f32',
      'rcp.rn.f32',
      'max.f32',
      'min.NaN.f32',
      'mad.rn.f32',
      'atom.global.add.f32',
      'red.global.add.f32',
      'cvt.rn.f16.f32',
      'mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32',
      'add.f32',
      'mul.f32',
    ];
    expect(bad.filter((op) => forbiddenReason(op) === undefined)).toEqual([]);
    const good = [
      'add.rn.f32',
      'sub.rn.f32',
      'mul.rn.f32',
      'div.rn.f32',
      'sqrt.rn.f32',
      'mad.lo.s32',
      'max.s32',
      'min.u64',
      'setp.gt.f32',
      'selp.f32',
      'cvt.rn.f32.s32',
      'ld.shared.f32',
    ];
    expect(good.filter((op) => forbiddenReason(op) !== undefined)).toEqual([]);
    const sample = '.visible .entry k(\n)\n{\n\t@%p1 fma.rn.f32 %f1, %f2, %f3, %f4;\n\tadd.rn.f32 %f5, %f1, %f2;\n}\n';
    expect(audit(sample)).toEqual(['k: fma.rn.f32 ×1 (fma is fused, approximate, atomic or reduced-precision)']);
  });

  const nvcc = nvccVersion();
  it('rebuilds byte for byte with the same nvcc, and its sm_80 PTX passes the audit', (ctx) => {
    if (nvcc !== record.nvcc) {
      const reason = `rebuild check skipped: it needs ${record.nvcc}; this machine has ${nvcc ?? 'no nvcc'}`;
      console.warn(reason);
      ctx.skip(reason);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'vtf32-cuda-rebuild-'));
    try {
      const r = spawnSync(process.execPath, [buildScript, '--out-dir', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(
        sha256(readFileSync(join(out, 'vtf32.fatbin'))),
        `a rebuild differs from the committed image: ${REBUILD}`,
      ).toBe(record.fatbin.sha256);
      expect(JSON.parse(readFileSync(join(out, 'vtf32.cuda.json'), 'utf8'))).toEqual(record);
      const sm80 = spawnSync(
        process.env.NVCC ?? 'nvcc',
        ['-ptx', '-arch=compute_80', ...record.flags, '-o', join(out, 'sm80.ptx'), 'vtf32_kernels.cu'],
        {
          cwd: join(cudaDir, 'src'),
          encoding: 'utf8',
        },
      );
      expect(sm80.status, sm80.stderr).toBe(0);
      expect(audit(readFileSync(join(out, 'sm80.ptx'), 'utf8'))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
