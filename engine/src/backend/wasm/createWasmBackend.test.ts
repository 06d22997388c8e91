import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeOpGoldens } from '../../../test/golden/opsCases';
import type { BatchedMatmulShape } from '../backend';
import { refBackend } from '../ref/index';
import { testFloats, testInts } from '../testing/inputs';
import { createWasmBackend, type WasmBackend } from './createWasmBackend';
import { loadWasmBackendNode, WASM_MODULE_PATH } from './loadWasm.node';
import { loadWasmBackendFromUrl } from './loadWasmBackendFromUrl';

const goldens = JSON.parse(readFileSync(new URL('../../../test/golden/ops.json', import.meta.url), 'utf8')) as {
  ops: Record<string, string>;
};
/** Bit-for-bit equality; reports the first differing index (a deep-equal of 16M elements would not finish). */
function sameBits(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const x = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const y = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  let first = -1;
  for (let i = 0; i < x.length && first < 0; i++) if (x[i] !== y[i]) first = i;
  expect(first < 0 ? 'identical' : `differ first at ${first}: ${actual[first]} vs ${expected[first]}`).toBe(
    'identical',
  );
}

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend(new Uint8Array(readFileSync(WASM_MODULE_PATH)));
});

describe('the wasm backend', () => {
  it('reproduces every op golden bit for bit, with its own exp, log and tanh', () => {
    const poly = wasm.kernels.poly;
    const computed = computeOpGoldens(wasm, {
      exp: (x) => poly(0, x),
      log: (x) => poly(1, x),
      tanh: (x) => poly(2, x),
    });
    expect(computed).toEqual(goldens.ops);
    expect(wasm.name).toBe('wasm');
  });

  it('grows its memory for a 64 MB input, then reuses it: repeated calls do not grow it', () => {
    const n = 16 * 1024 * 1024; // 64 MB per operand
    const a = testFloats(n, 21);
    const b = testFloats(n, 22);
    const before = wasm.wasmMemoryBytes();
    const sum = wasm.add(a, b);
    const grown = wasm.wasmMemoryBytes();
    expect(grown).toBeGreaterThan(before);
    expect(grown).toBeGreaterThanOrEqual(3 * 4 * n);
    sameBits(sum, refBackend.add(a, b));
    for (let i = 0; i < 3; i++) wasm.mul(a, b, sum);
    expect(wasm.sum(a)).toBe(refBackend.sum(a));
    for (let i = 0; i < 200; i++) wasm.matmul(testFloats(64, i), testFloats(64, i + 1), 8, 8, 8);
    expect(wasm.wasmMemoryBytes()).toBe(grown);
    sameBits(sum, refBackend.mul(a, b));
  });

  it('computes elementwise ops in place when out is an input', () => {
    const a = testFloats(1001, 1, -4, 4);
    const b = testFloats(1001, 2, 0.5, 2);
    const expected = refBackend.div(a, b);
    const out = a.slice();
    expect(wasm.div(out, b, out)).toBe(out);
    sameBits(out, expected);
    const twice = a.slice();
    sameBits(wasm.add(twice, twice, twice), refBackend.add(a, a));
    const rows = a.slice(0, 13 * 77);
    sameBits(
      wasm.addRowVector(rows, b.subarray(0, 77), 13, 77, rows),
      refBackend.addRowVector(a.subarray(0, 13 * 77), b.subarray(0, 77), 13, 77),
    );
    const g = a.slice();
    sameBits(wasm.gelu(g, g), refBackend.gelu(a));
  });

  it('updates optimizer state in place like ref', () => {
    const n = 777;
    const state = () => ({
      p: testFloats(n, 3),
      g: testFloats(n, 4),
      b: testFloats(n, 5),
      m: testFloats(n, 6),
      v: testFloats(n, 7, 0, 1),
    });
    const w = state();
    const r = state();
    const sgd = { lr: Math.fround(0.05), momentum: Math.fround(0.9), lrwd: Math.fround(0.05 * 1e-4) };
    const adamw = {
      beta1: Math.fround(0.9),
      beta2: Math.fround(0.999),
      c1: Math.fround(0.1),
      c2: Math.fround(0.001),
      lr: Math.fround(1e-3),
      eps: Math.fround(1e-8),
      lrwd: Math.fround(1e-5),
      bc1: Math.fround(0.19),
      bc2: Math.fround(0.002),
    };
    for (let step = 0; step < 3; step++) {
      wasm.sgdUpdate(w.p, w.g, w.b, sgd);
      refBackend.sgdUpdate(r.p, r.g, r.b, sgd);
      wasm.adamwUpdate(w.p, w.g, w.m, w.v, adamw);
      refBackend.adamwUpdate(r.p, r.g, r.m, r.v, adamw);
    }
    for (const key of ['p', 'b', 'm', 'v'] as const) sameBits(w[key], r[key]);
    sameBits(w.g, r.g);
  });

  it('takes ids and targets as Int32Array or any integer array', () => {
    const vocab = 50;
    const dim = 24;
    const table = testFloats(vocab * dim, 8);
    const ids = testInts(300, 9, vocab);
    const expected = refBackend.embeddingGather(table, ids, vocab, dim);
    sameBits(wasm.embeddingGather(table, ids, vocab, dim), expected);
    sameBits(wasm.embeddingGather(table, Array.from(ids), vocab, dim), expected);
    sameBits(wasm.embeddingGather(table, Uint8Array.from(ids), vocab, dim), expected);
    const dOut = testFloats(300 * dim, 10);
    sameBits(wasm.embeddingScatterAdd(dOut, ids, vocab, dim), refBackend.embeddingScatterAdd(dOut, ids, vocab, dim));
    const logits = testFloats(300 * vocab, 11, -3, 3);
    const targets = Uint8Array.from(ids);
    const w = wasm.crossEntropy(logits, targets, 300, vocab);
    const r = refBackend.crossEntropy(logits, targets, 300, vocab);
    expect(Object.is(w.loss, r.loss)).toBe(true);
    sameBits(w.dlogits, r.dlogits);
  });

  it('writes only the blocks of a batched product and leaves the rest of out as it was', () => {
    const shape: BatchedMatmulShape = {
      layout: 'nt',
      m: 5,
      k: 7,
      n: 6,
      count: 6,
      group: 3,
      a: { offset: 2, outer: 3 * 35 + 4, inner: 35 },
      b: { offset: 0, outer: 3 * 42, inner: 42 },
      out: { offset: 3, outer: 3 * 30 + 5, inner: 30 },
    };
    const a = testFloats(2 + 2 * (3 * 35 + 4), 12);
    const b = testFloats(2 * 3 * 42, 13);
    const sentinel = () => new Float32Array(3 + 2 * (3 * 30 + 5)).fill(-7.5);
    const w = wasm.matmulBatched(a, b, shape, sentinel());
    const r = refBackend.matmulBatched(a, b, shape, sentinel());
    sameBits(w, r);
    expect(w[0]).toBe(-7.5);
    expect(w[w.length - 1]).toBe(-7.5);
  });

  it('handles zero-size inputs', () => {
    const empty = new Float32Array(0);
    expect(wasm.add(empty, empty).length).toBe(0);
    expect(wasm.sqrt(empty).length).toBe(0);
    expect(Object.is(wasm.sum(empty), 0)).toBe(true);
    sameBits(wasm.matmul(testFloats(12, 14), empty, 4, 3, 0), new Float32Array(0));
    sameBits(wasm.matmul(empty, empty, 4, 0, 5), new Float32Array(20));
    sameBits(wasm.matmulTransA(empty, empty, 0, 0, 0), new Float32Array(0));
    expect(wasm.softmaxRows(empty, 0, 9).length).toBe(0);
    expect(wasm.embeddingGather(testFloats(6, 15), [], 2, 3).length).toBe(0);
    sameBits(wasm.embeddingScatterAdd(empty, [], 2, 3), new Float32Array(6));
    sameBits(wasm.sumRows(empty, 0, 4), new Float32Array(4));
    expect(wasm.layerNorm(empty, testFloats(4, 16), testFloats(4, 17), 0, 4, 1e-5).y.length).toBe(0);
    expect(wasm.transpose(empty, 0, 7).length).toBe(0);
    wasm.sgdUpdate(empty, empty, empty, { lr: 0.1, momentum: 0.9, lrwd: 0 });
  });

  it('keeps subnormals, signed zeros and infinities exact', () => {
    const specials = Float32Array.of(1e-45, -1e-45, 1.17e-38, -0, 0, Infinity, -Infinity, 3.4e38, 5e-39, -2.5e-40);
    const scale = Float32Array.of(0.5, 3, 0.25, 1, -1, 2, 0.5, 2, 1e-3, 7);
    sameBits(wasm.mul(specials, scale), refBackend.mul(specials, scale));
    sameBits(
      wasm.add(
        specials,
        scale.map((x) => -x),
      ),
      refBackend.add(
        specials,
        scale.map((x) => -x),
      ),
    );
    sameBits(wasm.sqrt(specials.map(Math.abs)), refBackend.sqrt(specials.map(Math.abs)));
  });
});

describe('loading the wasm backend', () => {
  it('loadWasmBackendNode loads the committed module', async () => {
    const r = await loadWasmBackendNode();
    expect(r.ok ? r.description : r.reason).toBe('wasm (SIMD128, 1 thread)');
    if (r.ok) expect(r.backend.name).toBe('wasm');
  });

  it('loadWasmBackendFromUrl fetches and instantiates the module, and names the URL when it cannot', async () => {
    const bytes = readFileSync(WASM_MODULE_PATH);
    const server = createServer((req, res) => {
      if (req.url === '/vtf32.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(bytes);
      else if (req.url === '/garbage.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end('not wasm');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const backend = await loadWasmBackendFromUrl(new URL('/vtf32.wasm', base));
      sameBits(backend.gelu(testFloats(100, 18)), refBackend.gelu(testFloats(100, 18)));
      await expect(loadWasmBackendFromUrl(`${base}/missing.wasm`)).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        message: expect.stringMatching(/missing\.wasm could not be fetched: HTTP 404/),
      });
      await expect(loadWasmBackendFromUrl(`${base}/garbage.wasm`)).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        message: expect.stringMatching(/garbage\.wasm did not compile/),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
