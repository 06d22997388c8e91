import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NATIVE_ADDON_PATH } from '../../src/backend/native/loadNative.node.js';
import { testBackends } from '../../src/backend/testing/backends.node.js';

// VT-F32 rounds every multiply and add separately: a fused multiply-add anywhere in the addon would be
// a different number format. -ffp-contract=off should guarantee it; this checks the machine code.
const { backends } = await testBackends();
const nativeUnderTest = backends.some((b) => b.kind === 'native');
// objdump comes with binutils, which the compiler that built the addon needs: a missing objdump fails.

/** FMA3 (vfmadd231ps …), FMA4 (vfmaddps …), AVX-512 and FP16 forms, 4FMAPS. */
const FMA = /^(?:v?fn?m(?:add|sub)|vfm(?:addsub|subadd)|vfc?maddc|v4fn?madd)/;

if (nativeUnderTest)
  describe('native addon machine code', () => {
    it('disassembles the built addon', () => {
      expect(existsSync(NATIVE_ADDON_PATH), NATIVE_ADDON_PATH).toBe(true);
      expect(run.error, 'objdump (binutils) must be installed to check the addon').toBeUndefined();
    });

    const run = spawnSync('objdump', ['-d', '--no-show-raw-insn', NATIVE_ADDON_PATH], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const instructions = (run.stdout ?? '')
      .split('\n')
      .map((line) => /^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ mnemonic: m[1]!, operands: m[2]! }));
    const count = (mnemonic: string, register: string) =>
      instructions.filter((i) => i.mnemonic === mnemonic && i.operands.includes(register)).length;

    it('has no fused multiply-add instruction', () => {
      expect(run.status, run.stderr).toBe(0);
      const fma = instructions.filter((i) => FMA.test(i.mnemonic));
      expect(fma.map((i) => `${i.mnemonic} ${i.operands}`).slice(0, 10)).toEqual([]);
    });

    // Without these the check above could pass on a disassembly that missed the kernels.
    it('has the vector multiplies of every kernel copy (SSE2 xmm, AVX2 ymm, AVX-512 zmm)', () => {
      expect(count('mulps', '%xmm')).toBeGreaterThan(0);
      expect(count('vmulps', '%ymm')).toBeGreaterThan(0);
      expect(count('vmulps', '%zmm')).toBeGreaterThan(0);
      expect(count('vaddps', '%ymm')).toBeGreaterThan(0);
    });
  });
// Only an explicit VERITRAIN_TEST_BACKENDS leaves native out (testBackends fails otherwise): say so.
else {
  it('leaves native out only because VERITRAIN_TEST_BACKENDS says so', () => {
    expect(process.env.VERITRAIN_TEST_BACKENDS).toBeTruthy();
  });
}
