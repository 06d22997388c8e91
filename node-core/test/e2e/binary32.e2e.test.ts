// The contracts' binary32 libraries (contracts/src/libraries/Binary32.sol and Binary32Math.sol, what the dissection
// game recomputes on chain) against the engine, operation by operation (the five elementary operations, the
// exp/log/tanh polynomials and the GELU kernels): 100,000 seeded cases each (more with
// VERITRAIN_B32_CASES, another draw with VERITRAIN_B32_SEED), run on a real anvil in batches of eth_calls, every
// result compared bit for bit. The engine's ⊕ ⊖ ⊗ ⊘ √ are JavaScript's binary64 operations rounded once more to
// binary32 (Math.fround; docs/numerics.md §1), which is the correctly rounded binary32 result: binary64 carries
// more than 2·24 + 2 bits. NaN payloads are not part of VT-F32, so a NaN matches any NaN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Abi, Address } from 'viem';
import { deriveKey, exp32, f32ToBits, log32, PrngWordStream, refBackend, tanh32 } from '@veritrain/engine';
import { startHarnessChain, type HarnessChain } from './support/contractHarness';

const CASES = Number(process.env.VERITRAIN_B32_CASES ?? 100_000);
const SEED = BigInt(process.env.VERITRAIN_B32_SEED ?? 1);
const BATCH = 2_000;

type Op = { name: string; code: number; unary: boolean; engine: (a: Uint32Array, b: Uint32Array) => Uint32Array };
const bits = (f: Float32Array) => new Uint32Array(f.buffer, f.byteOffset, f.length);
const values = (u: Uint32Array) => new Float32Array(u.buffer, u.byteOffset, u.length);
/** An elementwise binary32 operation of the engine, one value at a time. */
const scalar = (f: (x: number, y: number) => number) => (a: Uint32Array, b: Uint32Array) => {
  const [x, y] = [values(a), values(b)];
  return bits(Float32Array.from(x, (v, i) => f(v, y[i] ?? 0)));
};
// The engine's ⊕ ⊖ ⊗ ⊘ √ (Math.fround of the binary64 result), its polynomials, and its ref backend's GELU kernels.
const OPS: Op[] = [
  { name: 'add', code: 0, unary: false, engine: scalar((x, y) => Math.fround(x + y)) },
  { name: 'sub', code: 1, unary: false, engine: scalar((x, y) => Math.fround(x - y)) },
  { name: 'mul', code: 2, unary: false, engine: scalar((x, y) => Math.fround(x * y)) },
  { name: 'div', code: 3, unary: false, engine: scalar((x, y) => Math.fround(x / y)) },
  { name: 'sqrt', code: 4, unary: true, engine: scalar((x) => Math.fround(Math.sqrt(x))) },
  { name: 'exp', code: 5, unary: true, engine: scalar((x) => exp32(x)) },
  { name: 'log', code: 6, unary: true, engine: scalar((x) => log32(x)) },
  { name: 'tanh', code: 7, unary: true, engine: scalar((x) => tanh32(x)) },
  { name: 'gelu', code: 8, unary: true, engine: (a) => bits(refBackend.gelu(values(a.slice()))) },
  {
    name: 'geluBackward',
    code: 9,
    unary: false,
    engine: (a, b) => bits(refBackend.geluBackward(values(a.slice()), values(b.slice()))),
  },
];

const isNaNBits = (x: number) => (x & 0x7fffffff) > 0x7f800000;
const isSubnormalBits = (x: number) => (x & 0x7f800000) === 0 && (x & 0x7fffff) !== 0;

const SPECIALS = [
  0x00000000,
  0x80000000,
  0x7f800000,
  0xff800000,
  0x7fc00000,
  0xffc00000,
  0x7f800001,
  0x7fbfffff, // zeros, infinities, NaNs
  0x00000001,
  0x80000001,
  0x00000002,
  0x00000003,
  0x007fffff,
  0x807fffff,
  0x00400000, // subnormals
  0x00800000,
  0x80800000,
  0x00800001,
  0x00ffffff,
  0x7f7fffff,
  0xff7fffff,
  0x7f7ffffe, // normal extremes
  0x3f800000,
  0xbf800000,
  0x3f800001,
  0x3f7fffff,
  0x40000000,
  0x3f000000,
  0x40400000,
  0x33800000,
  0x34000000, // near 1
];

/**
 * Operand pairs drawn by category, so that the rare paths are hit often: all bit patterns; specials against
 * anything; subnormals; operands a few exponents apart (carries, cancellation, the far-apart shortcut); sums
 * landing on a tie (b is half an ulp of a, or 1.5 ulps); products and quotients near overflow and underflow;
 * moderate values, where the polynomials branch; small integers and perfect squares.
 */
function drawCases(seed: bigint, n: number): { a: number[]; b: number[] } {
  const words = new PrngWordStream(deriveKey(seed, 'veritrain/test/binary32-differential'));
  const w = () => words.next() >>> 0;
  const a: number[] = [];
  const b: number[] = [];
  const sign = () => (w() & 1) << 31;
  const withExponent = (e: number) => (sign() | (e << 23) | (w() & 0x7fffff)) >>> 0;
  for (let i = 0; i < n; i++) {
    const kind = w() % 9;
    let x: number;
    let y: number;
    if (kind === 0) [x, y] = [w(), w()];
    else if (kind === 1) [x, y] = [SPECIALS[w() % SPECIALS.length]!, w() % 2 ? w() : SPECIALS[w() % SPECIALS.length]!];
    else if (kind === 2)
      [x, y] = [(sign() | (w() & 0x7fffff)) >>> 0, w() % 2 ? (sign() | (w() & 0xffffff)) >>> 0 : w()];
    else if (kind === 3) {
      const e = 1 + (w() % 254);
      x = withExponent(e);
      y = withExponent(Math.max(0, Math.min(254, e - (w() % 40))));
    } else if (kind === 4) {
      // b = a's half ulp or 1.5 ulps, either sign: round-to-even ties and their neighbours.
      const e = 24 + (w() % 200);
      x = withExponent(e);
      const half = (e - 24) << 23;
      y = (sign() | (w() % 2 ? half : half | 0x400000) | (w() % 4 === 0 ? 1 : 0)) >>> 0;
    } else if (kind === 5) {
      // Results near overflow or underflow: exponents that sum (or differ) to the edges.
      const e = w() % 255;
      const edge = w() % 2 ? 254 + 127 - e : 127 - 126 - e + (w() % 30);
      x = withExponent(e);
      y = withExponent(Math.max(0, Math.min(254, edge)));
    } else if (kind === 6) [x, y] = [withExponent(w() % 255), withExponent(w() % 255)];
    else if (kind === 7) {
      // Moderate values, 2^-27 to 2^7: where the polynomials' branches and range reductions all happen.
      [x, y] = [withExponent(100 + (w() % 34)), withExponent(100 + (w() % 34))];
    } else {
      // Small integers and short significands: exact results, exact cancellations, perfect squares.
      const m = 1 + (w() % 4096);
      x = f32ToBits(m * m * (w() % 2 ? 1 : -1));
      y = f32ToBits(1 + (w() % 4096));
    }
    a.push(x >>> 0);
    b.push(y >>> 0);
  }
  return { a, b };
}

let chain: HarnessChain;
let harness: Address;
let abi: Abi;

beforeAll(async () => {
  chain = await startHarnessChain(['Binary32Harness']);
  ({ address: harness, abi } = await chain.deploy('Binary32Harness'));
}, 240_000);

afterAll(async () => {
  await chain?.stop();
});

describe(`Binary32.sol against the engine, ${CASES} seeded cases per operation (seed ${SEED})`, () => {
  const cases = drawCases(SEED, CASES);
  for (const op of OPS) {
    it(`${op.name}: every result bit for bit (NaN as NaN)`, async () => {
      const { client } = chain;
      const mismatches: string[] = [];
      let nans = 0;
      let subnormals = 0;
      for (let start = 0; start < CASES; start += BATCH) {
        const a = cases.a.slice(start, start + BATCH);
        const b = cases.b.slice(start, start + BATCH);
        const got = (await client.readContract({
          address: harness,
          abi,
          functionName: 'run',
          args: [op.code, a, op.unary ? [] : b],
        })) as readonly number[];
        expect(got).toHaveLength(a.length);
        const want = op.engine(Uint32Array.from(a), Uint32Array.from(b));
        got.forEach((g, i) => {
          const w = want[i]!;
          if (isNaNBits(w)) nans++;
          else if (isSubnormalBits(w) || isSubnormalBits(a[i]!)) subnormals++;
          if (g !== w && !(isNaNBits(g) && isNaNBits(w)) && mismatches.length < 10) {
            const hex = (x: number) => `0x${(x >>> 0).toString(16).padStart(8, '0')}`;
            mismatches.push(
              `${op.name}(${hex(a[i]!)}${op.unary ? '' : `, ${hex(b[i]!)}`}) = ${hex(g)}, engine ${hex(w)}`,
            );
          }
        });
      }
      expect(mismatches).toEqual([]);
      // The draw reached the special paths (a draw that never did would pass vacuously): NaN results, and
      // subnormal results or operands.
      expect(nans).toBeGreaterThan(CASES / 100);
      expect(subnormals).toBeGreaterThan(CASES / 200);
    }, 300_000);
  }
});
