import type { Backend } from '@veritrain/engine';
import type { LoadedModel } from './loadRunModel';
import { ModelError } from './modelError';
import { argmax, softmax } from './probabilities';

export type Classification = { logits: Float32Array; probabilities: number[]; predicted: number };

/** The run's input row for one image: fround(pixel ⊘ 255), exactly as training builds it (numerics.md §II.6.1). */
export function pixelsToInput(pixels: Uint8Array): Float32Array {
  return Float32Array.from(pixels, (p) => p / 255);
}

/**
 * The exact VT-F32 forward pass on one image (uint8 pixels, row-major), on `backend` (the page's wasm backend, or
 * ref): every VT-F32 backend gives the same bits.
 */
export function engineClassify(loaded: LoadedModel, pixels: Uint8Array, backend: Backend): Classification {
  if (loaded.spec.model.kind !== 'mlp')
    throw new ModelError('UNSUPPORTED', `run ${loaded.runId} is a ${loaded.spec.model.kind}, not an image classifier`);
  const inputSize = loaded.spec.model.layers[0]!;
  if (pixels.length !== inputSize)
    throw new ModelError('UNSUPPORTED', `expected ${inputSize} pixels, got ${pixels.length}`);
  const logits = loaded.model.logits(backend, loaded.params, {
    kind: 'classification',
    rows: 1,
    inputs: pixelsToInput(pixels),
    targets: new Int32Array(1),
  });
  return { logits, probabilities: softmax(logits), predicted: argmax(logits) };
}
