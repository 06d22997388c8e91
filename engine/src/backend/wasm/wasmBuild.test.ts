import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeWasmModule,
  prefixedOpcode,
  RELAXED_SIMD_FIRST,
  RELAXED_SIMD_LAST,
  SIMD_PREFIX,
} from '../testing/decodeWasmModule';

// engine/wasm/vtf32.wasm is committed: these checks tie it to the C sources and the build script, so a
// kernel edit without a rebuild fails here, and the module holds no nondeterministic (relaxed) SIMD.
const engineDir = fileURLToPath(new URL('../../../', import.meta.url));
const wasmDir = join(engineDir, 'wasm');
const buildScript = join(engineDir, 'scripts', 'buildWasm.mjs');
const REBUILD =
  'rebuild it with `npm run build:wasm -w engine` (needs clang and lld: apt-get install clang lld) and commit engine/wasm/';

interface BuildRecord {
  format: string;
  module: { file: string; bytes: number; sha256: string };
  sourceDir: string;
  sources: Record<string, string>;
  clang: string;
  wasmLd: string;
  compileFlags: string[];
  linkFlags: string[];
  exports: string[];
}

const record = JSON.parse(readFileSync(join(wasmDir, 'vtf32.wasm.json'), 'utf8')) as BuildRecord;
const module = readFileSync(join(wasmDir, record.module.file));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function firstLine(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0]!.trim() : undefined;
}

describe('the committed wasm module (engine/wasm/vtf32.wasm)', () => {
  it('was built from the current C sources', () => {
    expect(record.format).toBe('veritrain-wasm-build/1');
    expect(Object.keys(record.sources)).toContain('vtf32_kernels.c');
    for (const [file, hash] of Object.entries(record.sources)) {
      const path = join(engineDir, '..', record.sourceDir, file);
      expect(
        sha256(readFileSync(path)),
        `${record.sourceDir}/${file} changed since vtf32.wasm was built: ${REBUILD}`,
      ).toBe(hash);
    }
  });

  it('is the module its build record describes', () => {
    expect(module.length).toBe(record.module.bytes);
    expect(sha256(module), `engine/wasm/vtf32.wasm does not match vtf32.wasm.json: ${REBUILD}`).toBe(
      record.module.sha256,
    );
  });

  it('was built with the flags the build script uses now', () => {
    const r = spawnSync(process.execPath, [buildScript, '--print-flags'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { compileFlags, linkFlags } = record;
    expect(
      { compileFlags, linkFlags },
      `scripts/buildWasm.mjs has other flags than vtf32.wasm was built with: ${REBUILD}`,
    ).toEqual(JSON.parse(r.stdout));
    expect(compileFlags).toContain('-msimd128');
    expect(compileFlags).toContain('-ffp-contract=off');
    expect(compileFlags.filter((f) => /relaxed|^-ffast-math|-Ofast|fp-contract=(fast|on)/.test(f))).toEqual([]);
  });

  it('rebuilds byte for byte with the same clang and wasm-ld', (ctx) => {
    const clang = firstLine(process.env.CLANG ?? 'clang', ['--version']);
    const linker =
      clang &&
      spawnSync(process.env.CLANG ?? 'clang', ['--target=wasm32', '-print-prog-name=wasm-ld'], {
        encoding: 'utf8',
      }).stdout.trim();
    const wasmLd = linker ? firstLine(linker, ['--version']) : undefined;
    if (clang !== record.clang || wasmLd !== record.wasmLd) {
      const reason = `rebuild check skipped: it needs ${record.clang} and ${record.wasmLd}; this machine has ${clang ?? 'no clang'} and ${wasmLd ?? 'no wasm-ld'}`;
      console.warn(reason);
      ctx.skip(reason);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'vtf32-rebuild-'));
    try {
      const r = spawnSync(process.execPath, [buildScript, '--out-dir', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const rebuilt = readFileSync(join(out, 'vtf32.wasm'));
      expect(sha256(rebuilt), `a rebuild from the current sources differs from the committed module: ${REBUILD}`).toBe(
        record.module.sha256,
      );
      expect(JSON.parse(readFileSync(join(out, 'vtf32.wasm.json'), 'utf8'))).toEqual(record);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  const decoded = decodeWasmModule(module);

  it('uses SIMD128 and no relaxed SIMD', () => {
    const count = (sub: number) => decoded.opcodes.get(prefixedOpcode(SIMD_PREFIX, sub)) ?? 0;
    // The check sees SIMD when it is there: the products' f32x4.mul (0xFD 0xE6) and f32x4.add (0xFD 0xE4).
    expect(count(0xe6)).toBeGreaterThan(0);
    expect(count(0xe4)).toBeGreaterThan(0);
    const relaxed = [...decoded.opcodes.keys()].filter(
      (op) =>
        op >= prefixedOpcode(SIMD_PREFIX, RELAXED_SIMD_FIRST) && op <= prefixedOpcode(SIMD_PREFIX, RELAXED_SIMD_LAST),
    );
    expect(relaxed.map((op) => `0xfd 0x${(op & 0xffff).toString(16)}`)).toEqual([]);
    // Nothing beyond the MVP and SIMD128 (no bulk memory, no sign extension): any runtime with SIMD runs it.
    const other = [...decoded.opcodes.keys()].filter(
      (op) => op > 0xbf && !(op >= prefixedOpcode(SIMD_PREFIX, 0) && op <= prefixedOpcode(SIMD_PREFIX, 0xff)),
    );
    expect(other.map((op) => op.toString(16))).toEqual([]);
    expect(decoded.functions).toBeGreaterThan(20);
  });

  it('imports nothing and exports its memory, __heap_base and the *_wasm kernels', () => {
    expect(decoded.imports).toEqual([]);
    const exports = decoded.exports.map((e) => `${e.kind} ${e.name}`);
    expect(exports).toEqual(record.exports);
    expect(exports).toContain('memory memory');
    expect(exports).toContain('global __heap_base');
    expect(
      exports.filter((e) => e !== 'memory memory' && e !== 'global __heap_base' && !/^function vt_\w+_wasm$/.test(e)),
    ).toEqual([]);
  });
});
