import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { refBackend } from '../ref/index';
import { testFloats } from '../testing/inputs';

// Each worker_thread loads the addon (one copy per process, shared): their products must not race on the
// shared thread pool, and resizing the pool between jobs (as backends with different thread counts do)
// must not hand a new pool thread a job that ended before it existed (that hung or computed garbage once).
const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const addon = require(workerData.path);
  const { a, b, m, k, n } = workerData;
  const hashes = [];
  for (let r = 0; r < 200; r++) {
    addon.setThreads(1 + (r % 4));
    const out = new Float32Array(m * n);
    addon.matmul(a, b, out, m, k, n, 0);
    hashes.push(Buffer.from(out.buffer).toString('base64'));
  }
  parentPort.postMessage(hashes);
`;

describe('the native addon in several worker_threads at once', () => {
  it('gives every thread ref’s bits while they share and resize the pool', async () => {
    const { NATIVE_ADDON_PATH } = await import('./loadNative.node.js');
    const [m, k, n] = [96, 200, 64];
    const a = testFloats(m * k, 21, -1, 1);
    const b = testFloats(k * n, 22, -1, 1);
    const expected = Buffer.from(refBackend.matmul(a, b, m, k, n).buffer).toString('base64');
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const w = new Worker(WORKER, { eval: true, workerData: { path: NATIVE_ADDON_PATH, a, b, m, k, n } });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    for (const hashes of runs) expect(new Set(hashes)).toEqual(new Set([expected]));
  });
});
