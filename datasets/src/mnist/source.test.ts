import { describe, expect, it } from 'vitest';
import { quantise, readMnistSource } from './source';

describe('MNIST source', () => {
  it('maps every stored 3-decimal value back to its exact byte', () => {
    const stored = Array.from({ length: 256 }, (_, p) => Number((p / 255).toFixed(3)));
    expect([...quantise(stored, 'x.json')]).toEqual(Array.from({ length: 256 }, (_, p) => p));
  });

  it('rejects a value that is not p/255 rounded to 3 decimals, naming file, index and value', () => {
    expect(() => quantise([0, 0.5], '7.json')).toThrow(
      expect.objectContaining({
        code: 'DATASET_SOURCE_INVALID',
        message: expect.stringContaining('7.json: value 0.5 at index 1'),
      }),
    );
    expect(() => quantise([1.004], 'x.json')).toThrow(expect.objectContaining({ code: 'DATASET_SOURCE_INVALID' }));
  });

  it('refuses a package file whose SHA-256 differs from the manifest', () => {
    const { files } = readMnistSource();
    const wrong = files.map((f, i) => (i === 4 ? { ...f, sha256: `0x${'ab'.repeat(32)}` as const } : f));
    expect(() => readMnistSource(wrong)).toThrow(
      expect.objectContaining({
        code: 'DATASET_SOURCE_MISMATCH',
        message: expect.stringMatching(/digits\/4\.json has SHA-256 0x[0-9a-f]{64}, expected 0x(ab){32}/),
      }),
    );
  });
});
