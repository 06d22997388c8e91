/**
 * Seeded mutation fuzzing, shared by the hostile-input suites of the engine (checkpoints, specs) and node-core
 * (manifests). Deterministic: the same seed gives the same mutants on every machine, so a failing case is
 * reproduced by its seed and index alone.
 */

/** mulberry32: a 32-bit PRNG, enough to pick mutations (not for anything that needs unpredictability). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING_BYTES = [
  0x00, 0xff, 0x7f, 0x80, 0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d, 0x2c, 0x3a, 0x30, 0x39, 0x2d, 0x65,
];
const INTERESTING_NUMBERS = [
  '-1',
  '0',
  '-0',
  '1e308',
  '4294967296',
  '9007199254740993',
  '65536',
  '1e-320',
  '2147483648',
  '1.5',
  '18446744073709551616',
];
/** Grows a mutant at most this much beyond its seed: big enough for a deep nesting, small enough for CI. */
const MAX_GROWTH_BYTES = 256 * 1024;

/**
 * One to four random mutations of `seed`: bit flips, interesting bytes, insertions, deletions, duplicated
 * ranges, truncation, and for text a number swapped for a boundary value or a run of nesting brackets. The
 * mutant never grows more than 256 KiB past the seed.
 */
export function mutateBytes(seed: Uint8Array, random: () => number): Uint8Array {
  let out: Uint8Array = seed.slice();
  const pick = (n: number): number => Math.floor(random() * n);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = out.length === 0 ? 0 : pick(out.length);
    switch (pick(9)) {
      case 0:
        if (out.length > 0) out[at]! ^= 1 << pick(8);
        break;
      case 1:
        if (out.length > 0) out[at] = INTERESTING_BYTES[pick(INTERESTING_BYTES.length)]!;
        break;
      case 2: {
        const extra = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
        out = splice(out, at, 0, extra);
        break;
      }
      case 3:
        out = splice(out, at, 1 + pick(Math.min(64, out.length - at || 1)), new Uint8Array(0));
        break;
      case 4: {
        const len = 1 + pick(Math.min(256, out.length - at || 1));
        const times = 1 + pick(64);
        const piece = out.subarray(at, at + len);
        const copies = new Uint8Array(Math.min(piece.length * times, MAX_GROWTH_BYTES));
        for (let i = 0; i + piece.length <= copies.length; i += piece.length) copies.set(piece, i);
        out = splice(out, at, 0, copies);
        break;
      }
      case 5:
        out = out.slice(0, at);
        break;
      case 6: {
        const text = new TextDecoder().decode(out);
        const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
        if (numbers.length > 0) {
          const m = numbers[pick(numbers.length)]!;
          out = new TextEncoder().encode(
            text.slice(0, m.index) +
              INTERESTING_NUMBERS[pick(INTERESTING_NUMBERS.length)]! +
              text.slice(m.index! + m[0].length),
          );
        }
        break;
      }
      case 7: {
        const depth = 1 + pick(20_000);
        out = splice(
          out,
          at,
          0,
          new TextEncoder().encode(pick(2) === 0 ? '['.repeat(depth) : '{"a":'.repeat(Math.min(depth, 4000))),
        );
        break;
      }
      default: {
        const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
        if (out.length >= at + 4)
          v.setUint32(at, [0, 0xffffffff, 0x7fffffff, 0x80000000, 1 << pick(32)][pick(5)]!, true);
      }
    }
    if (out.length > seed.length + MAX_GROWTH_BYTES) out = out.slice(0, seed.length + MAX_GROWTH_BYTES);
  }
  return out;
}

function splice(a: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length - Math.min(remove, a.length - at) + insert.length);
  out.set(a.subarray(0, at), 0);
  out.set(insert, at);
  out.set(a.subarray(at + remove), at + insert.length);
  return out;
}

/** How one case ended. */
export type FuzzOutcome = 'typed-error' | 'accepted' | 'untyped-error' | 'wrong-acceptance';

export type FuzzSummary = {
  family: string;
  seed: number;
  cases: number;
  counts: Record<FuzzOutcome, number>;
  /** Codes of the typed errors, with how often each ended a case. */
  codes: Record<string, number>;
  slowestCaseMs: number;
  maxRssMiB: number;
  /** The first few cases that ended untyped or were accepted wrongly: index and message. */
  failures: { index: number; outcome: FuzzOutcome; message: string }[];
};

/** The number of cases a fuzz suite runs: small in CI, `VERITRAIN_FUZZ_CASES` for a longer run on demand. */
export function fuzzCaseCount(ciDefault: number, env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.VERITRAIN_FUZZ_CASES);
  return Number.isSafeInteger(n) && n > 0 ? n : ciDefault;
}

/** The seed: `VERITRAIN_FUZZ_SEED`, else a fixed one, so CI runs the same cases every time. */
export function fuzzSeed(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.VERITRAIN_FUZZ_SEED);
  return Number.isSafeInteger(n) && n >= 0 ? n : 20261202;
}

/**
 * Runs `cases` mutants of the seeds through `check`, which returns 'accepted' or 'wrong-acceptance' for input it
 * takes, and throws for input it refuses; `typedCode` names a thrown error's stable code (undefined: untyped).
 */
export function runFuzz(params: {
  family: string;
  seeds: Uint8Array[];
  cases: number;
  seed: number;
  check: (bytes: Uint8Array) => 'accepted' | 'wrong-acceptance';
  typedCode: (err: unknown) => string | undefined;
}): FuzzSummary {
  const random = seededRandom(params.seed);
  const summary: FuzzSummary = {
    family: params.family,
    seed: params.seed,
    cases: params.cases,
    counts: { 'typed-error': 0, accepted: 0, 'untyped-error': 0, 'wrong-acceptance': 0 },
    codes: {},
    slowestCaseMs: 0,
    maxRssMiB: 0,
    failures: [],
  };
  for (let i = 0; i < params.cases; i++) {
    const input = mutateBytes(params.seeds[i % params.seeds.length]!, random);
    const started = performance.now();
    let outcome: FuzzOutcome;
    let message = '';
    try {
      outcome = params.check(input);
    } catch (err) {
      const code = params.typedCode(err);
      outcome = code === undefined ? 'untyped-error' : 'typed-error';
      if (code !== undefined) summary.codes[code] = (summary.codes[code] ?? 0) + 1;
      message = String((err as Error)?.message ?? err).slice(0, 200);
    }
    summary.slowestCaseMs = Math.max(summary.slowestCaseMs, performance.now() - started);
    summary.counts[outcome] += 1;
    if ((outcome === 'untyped-error' || outcome === 'wrong-acceptance') && summary.failures.length < 5)
      summary.failures.push({ index: i, outcome, message });
  }
  summary.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return summary;
}
