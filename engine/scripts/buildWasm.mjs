// Builds the WebAssembly backend's module, engine/wasm/vtf32.wasm, from the one C source of the VT-F32 kernels
// (engine/native/src: wasm_entry.c includes vtf32_kernels.c), and writes engine/wasm/vtf32.wasm.json beside
// it: the module's SHA-256, the SHA-256 of every source file clang read, the clang and wasm-ld versions and
// the exact flags. Both files are committed; the tests check them against the sources
// (engine/src/backend/wasm/wasmBuild.test.ts). Needs clang and lld (Debian: apt-get install clang lld).
//   node scripts/buildWasm.mjs [--out-dir <dir>] [--src-dir <dir>]    (npm run build:wasm -w engine)
//   node scripts/buildWasm.mjs --print-flags                          (the flags, as JSON)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const engineDir = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'wasm_entry.c';

// Compile: every operation rounds on its own (-ffp-contract=off, no fast math); SIMD128 only, never
// -mrelaxed-simd (its fused or unfused results depend on the device). -ffreestanding: clang's own
// stddef.h/stdint.h, and it implies -fno-builtin, so clang does not turn copy or zero loops into calls to
// memcpy/memset (there is no libc: a call it still emitted would fail the link as an undefined symbol,
// never become an import). -fvisibility=default: the kernels are visible, so --export-dynamic exports them.
export const COMPILE_FLAGS = [
  '--target=wasm32',
  '-msimd128',
  '-O3',
  '-std=gnu11',
  '-ffp-contract=off',
  '-fno-fast-math',
  '-fno-math-errno',
  '-ffreestanding',
  '-fvisibility=default',
  '-Wall',
  '-Wextra',
  '-Wno-unused-parameter',
];

// Link: wasm-ld is called directly, not through clang, because clang's driver runs binaryen's wasm-opt over
// the module whenever one is on PATH (npm puts node_modules/.bin first, and binaryen is there): the bytes
// would depend on what else is installed. No libc, no entry point. --stack-first puts the 64 KiB stack
// below the data, so an overflow traps instead of overwriting it; the host owns everything from
// __heap_base up. Exports: every public kernel (the VT(...) functions of vtf32.h and wasm_entry.c, all
// named *_wasm), the memory, and __heap_base.
export const LINK_FLAGS = [
  '-m',
  'wasm32',
  '--no-entry',
  '--stack-first',
  '-z',
  'stack-size=65536',
  '--export-dynamic',
  '--export=__heap_base',
];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error)
    throw new Error(
      `${cmd} could not run (${r.error.message}); install clang and lld (Debian: apt-get install clang lld)`,
    );
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  if (r.stderr.trim()) console.error(r.stderr.trimEnd()); // warnings
  return r.stdout;
}

const firstLine = (text) => text.trim().split('\n')[0].trim();

/** The files clang reads besides its own headers, from its dependency output (make syntax). */
function sourceFiles(clang, srcDir) {
  const deps = run(clang, [...COMPILE_FLAGS, '-MM', ENTRY], srcDir);
  return deps
    .replace(/\\\n/g, ' ')
    .replace(/^[^:]*:/, '')
    .trim()
    .split(/\s+/)
    .sort();
}

export function buildWasm({ outDir = join(engineDir, 'wasm'), srcDir = join(engineDir, 'native', 'src') } = {}) {
  const clang = process.env.CLANG ?? 'clang';
  // The wasm-ld that clang would run (lld's), called directly.
  const wasmLd = run(clang, ['--target=wasm32', '-print-prog-name=wasm-ld']).trim();
  const versions = { clang: firstLine(run(clang, ['--version'])), wasmLd: firstLine(run(wasmLd, ['--version'])) };
  const work = mkdtempSync(join(tmpdir(), 'vtf32-wasm-'));
  try {
    // Relative paths and a fixed output name: nothing of this machine can end up in the module.
    run(clang, [...COMPILE_FLAGS, '-c', '-o', join(work, 'vtf32.o'), ENTRY], srcDir);
    run(wasmLd, [...LINK_FLAGS, '-o', join(work, 'vtf32.wasm'), join(work, 'vtf32.o')], work);
    const module = readFileSync(join(work, 'vtf32.wasm'));
    const sources = Object.fromEntries(
      sourceFiles(clang, srcDir).map((f) => [f, sha256(readFileSync(join(srcDir, f)))]),
    );
    const record = {
      format: 'veritrain-wasm-build/1',
      module: { file: 'vtf32.wasm', bytes: module.length, sha256: sha256(module) },
      sourceDir: 'engine/native/src',
      sources,
      clang: versions.clang,
      wasmLd: versions.wasmLd,
      compileFlags: COMPILE_FLAGS,
      linkFlags: LINK_FLAGS,
      exports: WebAssembly.Module.exports(new WebAssembly.Module(module)).map((e) => `${e.kind} ${e.name}`),
      rebuild: 'npm run build:wasm -w engine',
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'vtf32.wasm'), module);
    writeFileSync(join(outDir, 'vtf32.wasm.json'), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function option(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : resolve(process.argv[i + 1] ?? '');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--print-flags')) {
    console.log(JSON.stringify({ compileFlags: COMPILE_FLAGS, linkFlags: LINK_FLAGS }));
  } else {
    try {
      const r = buildWasm({ outDir: option('--out-dir'), srcDir: option('--src-dir') });
      console.error(
        `veritrain engine: built vtf32.wasm (${r.module.bytes} bytes, sha256 ${r.module.sha256}) with ${r.clang}`,
      );
    } catch (e) {
      console.error(`veritrain engine: the wasm module was not built: ${e.message}`);
      process.exitCode = 1;
    }
  }
}
