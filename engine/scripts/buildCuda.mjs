// Builds the CUDA backend's kernel image from engine/cuda/src/vtf32_kernels.cu with nvcc, and writes beside
// it (engine/cuda/):
//   vtf32.fatbin       SASS for sm_80 and sm_90 plus compute_90 PTX (the driver compiles that for newer GPUs)
//   vtf32.ptx          the same compute_90 PTX as text, which the tests read for forbidden instructions
//   vtf32.cuda.json    SHA-256 of both and of every source nvcc read, the nvcc version and the exact flags
// All three are committed, so the addon (built at npm install with a C++ compiler only) loads them on any
// machine with an NVIDIA driver; the tests check them against the sources and, where nvcc exists, rebuild
// them byte for byte (engine/src/backend/cuda/cudaBuild.test.ts).
//   node scripts/buildCuda.mjs [--out-dir <dir>] [--src-dir <dir>]    (npm run build:cuda -w engine)
//   node scripts/buildCuda.mjs --print-flags
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const engineDir = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = 'vtf32_kernels.cu';

// Consensus arithmetic is written with __fadd_rn/__fsub_rn/__fmul_rn/__fdiv_rn/__fsqrt_rn only; the flags
// make sure nothing else could round differently: no contraction of plain a*b+c into FMA (-fmad=false),
// subnormals kept (-ftz=false), IEEE division and square root (-prec-div, -prec-sqrt). Never
// --use_fast_math: it turns even the _rn intrinsics into .ftz forms.
export const NVCC_FLAGS = ['-std=c++17', '-O3', '-fmad=false', '-ftz=false', '-prec-div=true', '-prec-sqrt=true'];
export const GENCODE = [
  '-gencode',
  'arch=compute_80,code=sm_80',
  '-gencode',
  'arch=compute_90,code=sm_90',
  '-gencode',
  'arch=compute_90,code=compute_90',
];
export const PTX_ARCH = 'compute_90';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error)
    throw new Error(
      `${cmd} could not run (${r.error.message}); the CUDA toolkit's nvcc is needed to rebuild the kernel image`,
    );
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The source files nvcc reads besides CUDA's own headers (its -M output, make syntax). */
function sourceFiles(nvcc, srcDir) {
  const deps = run(nvcc, [...NVCC_FLAGS, '-M', SOURCE], srcDir);
  return deps
    .replace(/\\\n/g, ' ')
    .replace(/^[^:]*:/, '')
    .trim()
    .split(/\s+/)
    .filter((f) => !f.startsWith('/'))
    .sort();
}

export function buildCuda({ outDir = join(engineDir, 'cuda'), srcDir = join(engineDir, 'cuda', 'src') } = {}) {
  const nvcc = process.env.NVCC ?? 'nvcc';
  const version =
    run(nvcc, ['--version'])
      .trim()
      .split('\n')
      .filter((l) => /release/.test(l))[0]
      ?.trim() ?? 'unknown';
  const work = mkdtempSync(join(tmpdir(), 'vtf32-cuda-'));
  try {
    // Relative source path, fixed output names: nothing of this machine ends up in the image.
    run(nvcc, ['-fatbin', ...GENCODE, ...NVCC_FLAGS, '-o', join(work, 'vtf32.fatbin'), SOURCE], srcDir);
    run(nvcc, ['-ptx', `-arch=${PTX_ARCH}`, ...NVCC_FLAGS, '-o', join(work, 'vtf32.ptx'), SOURCE], srcDir);
    const fatbin = readFileSync(join(work, 'vtf32.fatbin'));
    const ptx = readFileSync(join(work, 'vtf32.ptx'));
    const sources = Object.fromEntries(
      sourceFiles(nvcc, srcDir).map((f) => [f, sha256(readFileSync(join(srcDir, f)))]),
    );
    const kernels = [...ptx.toString('utf8').matchAll(/^\.visible \.entry (\w+)\(/gm)].map((m) => m[1]);
    const record = {
      format: 'veritrain-cuda-build/1',
      fatbin: { file: 'vtf32.fatbin', bytes: fatbin.length, sha256: sha256(fatbin) },
      ptx: { file: 'vtf32.ptx', arch: PTX_ARCH, bytes: ptx.length, sha256: sha256(ptx) },
      sourceDir: 'engine/cuda/src',
      sources,
      nvcc: version,
      flags: NVCC_FLAGS,
      gencode: GENCODE,
      kernels,
      rebuild: 'npm run build:cuda -w engine',
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'vtf32.fatbin'), fatbin);
    writeFileSync(join(outDir, 'vtf32.ptx'), ptx);
    writeFileSync(join(outDir, 'vtf32.cuda.json'), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--print-flags')) {
    console.log(JSON.stringify({ flags: NVCC_FLAGS, gencode: GENCODE, ptxArch: PTX_ARCH }));
  } else {
    const at = (name) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : undefined);
    const record = buildCuda({ outDir: at('--out-dir'), srcDir: at('--src-dir') });
    console.error(
      `built ${record.fatbin.file} (${record.fatbin.bytes} bytes, ${record.kernels.length} kernels) with ${record.nvcc}`,
    );
  }
}
