import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { assertFinite } from './assertFinite';

describe('assertFinite', () => {
  it('accepts finite values including subnormals and -0', () => {
    expect(() => assertFinite('w', new Float32Array([0, -0, 1e-45, -3.4e38]))).not.toThrow();
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s with NON_FINITE naming the tensor and index', (bad) => {
    try {
      assertFinite('layer1.weight', new Float32Array([1, 2, bad]));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('NON_FINITE');
      expect((error as EngineError).message).toContain("'layer1.weight'");
      expect((error as EngineError).details).toMatchObject({ tensor: 'layer1.weight', index: 2 });
    }
  });
});
