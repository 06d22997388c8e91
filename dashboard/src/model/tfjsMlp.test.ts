import { loadMnist } from '@veritrain/datasets';
import { refBackend } from '@veritrain/engine';
import { describe, expect, it } from 'vitest';
import { engineClassify } from './engineClassify';
import { loadRunModel } from './loadRunModel';
import { MNIST_SAMPLES, samplePixels } from './mnistSamples';
import { MLP_GELU_SPEC, MLP_RELU_SPEC, scriptedGateway } from './testing/runFixture';
import { runFixture } from './testing/trainedFixture';
import { createTfjsMlp } from './tfjsMlp';

// Agreement on the class, not on the bits: tfjs is outside consensus (its last bits differ from VT-F32), so the
// test asserts the arg-max over real images, and that the logits are close (the panel shows both).
describe('createTfjsMlp', () => {
  const { test } = loadMnist();
  const images = [
    ...MNIST_SAMPLES.map(samplePixels),
    ...Array.from({ length: 100 }, (_, i) => test.images.slice(i * 784, (i + 1) * 784)),
  ];

  for (const [name, spec, steps] of [
    ['relu, sgd, 60 steps', MLP_RELU_SPEC, 60],
    ['gelu, adamw, 60 steps', MLP_GELU_SPEC, 60],
  ] as const) {
    it(`predicts the same class as the engine's exact forward pass on ${images.length} MNIST images (${name})`, async () => {
      const fx = runFixture(spec, steps);
      const loaded = await loadRunModel({
        gatewayUrl: 'http://gw.test',
        run: fx.run,
        choice: fx.choice,
        fetchImpl: scriptedGateway(fx.files).fetchImpl,
      });
      const tfjs = await createTfjsMlp(spec.model as Extract<typeof spec.model, { kind: 'mlp' }>, loaded.params, [
        'cpu',
      ]);
      try {
        expect(tfjs.backend).toBe('cpu');
        let correct = 0;
        for (const [i, pixels] of images.entries()) {
          const exact = engineClassify(loaded, pixels, refBackend);
          const fast = await tfjs.classify(pixels);
          expect([i, fast.predicted]).toEqual([i, exact.predicted]);
          for (let c = 0; c < 10; c++) expect(Math.abs(fast.logits[c]! - exact.logits[c]!)).toBeLessThan(1e-3);
          if (i >= 10 && exact.predicted === test.labels[i - 10]) correct++;
        }
        // The checkpoints learned something, so agreeing is not just both saying "1".
        expect(correct).toBeGreaterThan(30); // of 100; chance is 10
      } finally {
        tfjs.dispose();
      }
    });
  }
});
