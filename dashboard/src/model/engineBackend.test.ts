import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWasmBackend, loadWasmBackendFromUrl, refBackend } from '@veritrain/engine';
import { describe, expect, it } from 'vitest';
import { engineClassify } from './engineClassify';
import { chooseEngineBackend, describeEngineBackend, loadEngineBackend } from './engineBackend';
import { encodePrompt, generateText, nextTokenLogits } from './generateText';
import { loadRunModel } from './loadRunModel';
import { MNIST_SAMPLES, samplePixels } from './mnistSamples';
import { GPT_SPEC, MLP_GELU_SPEC, scriptedGateway } from './testing/runFixture';
import { runFixture } from './testing/trainedFixture';
import { wasmEngine } from './testing/wasmEngine';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('the engine backend the page computes with', () => {
  it('is wasm when the module loads', async () => {
    const engine = await wasmEngine();
    expect(engine.name).toBe('wasm');
    expect(engine.backend.name).toBe('wasm');
    expect(describeEngineBackend(engine)).toBe('wasm');
  });

  it('falls back to ref, saying why, when the module cannot be fetched or compiled', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assets/vtf32.wasm`;
    try {
      const missing = await chooseEngineBackend(() => loadWasmBackendFromUrl(url));
      expect(missing).toMatchObject({ name: 'ref', backend: refBackend });
      expect(describeEngineBackend(missing)).toBe(
        `ref (wasm unavailable: the wasm module at ${url} could not be fetched: HTTP 404 Not Found)`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // What a browser without WebAssembly SIMD gets: the module does not compile.
    const noSimd = await chooseEngineBackend(() =>
      createWasmBackend(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff)),
    );
    expect(noSimd.name).toBe('ref');
    expect(noSimd.name === 'ref' && noSimd.fallbackReason.length).toBeGreaterThan(0);
  });

  it('is loaded once per page, then shared', () => {
    expect(loadEngineBackend()).toBe(loadEngineBackend());
  });

  it('classifies exactly as ref does: the same logits, bit for bit, on a trained checkpoint', async () => {
    const wasm = await wasmEngine();
    const fx = runFixture(MLP_GELU_SPEC, 20);
    const loaded = await loadRunModel({
      gatewayUrl: 'http://gw.test',
      run: fx.run,
      choice: fx.choice,
      fetchImpl: scriptedGateway(fx.files).fetchImpl,
    });
    for (const s of MNIST_SAMPLES) {
      const px = samplePixels(s);
      expect(bits(engineClassify(loaded, px, wasm.backend).logits)).toEqual(
        bits(engineClassify(loaded, px, refBackend).logits),
      );
    }
  });

  it('generates the same text as ref, from the same logits, on a trained gpt', async () => {
    const wasm = await wasmEngine();
    const fx = runFixture(GPT_SPEC, 3);
    const loaded = await loadRunModel({
      gatewayUrl: 'http://gw.test',
      run: fx.run,
      choice: fx.choice,
      fetchImpl: scriptedGateway(fx.files).fetchImpl,
    });
    const context = encodePrompt(loaded.vocab!, 'And God said');
    expect(bits(nextTokenLogits(loaded, context, wasm.backend))).toEqual(
      bits(nextTokenLogits(loaded, context, refBackend)),
    );
    const gen = (backend: typeof refBackend) =>
      generateText({ loaded, backend, prompt: 'In the', maxNewChars: 24, temperature: 0.8, random: () => 0.37 });
    expect(await gen(wasm.backend)).toBe(await gen(refBackend));
  });
});
