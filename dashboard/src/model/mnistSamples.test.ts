import { loadMnist } from '@veritrain/datasets';
import { describe, expect, it } from 'vitest';
import { MNIST_SAMPLES, samplePixels } from './mnistSamples';

describe('MNIST_SAMPLES', () => {
  it('are the first test-split image of each digit, byte for byte', () => {
    const { test } = loadMnist();
    expect(MNIST_SAMPLES.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const s of MNIST_SAMPLES) {
      expect(test.labels[s.testIndex]).toBe(s.label);
      expect(test.labels.subarray(0, s.testIndex).includes(s.label)).toBe(false);
      expect(samplePixels(s)).toEqual(test.images.slice(s.testIndex * 784, (s.testIndex + 1) * 784));
    }
  });
});
