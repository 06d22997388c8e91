// TensorFlow.js runs the checkpoint outside consensus (docs/architecture.md §4): fast on a GPU through WebGL, and in last
// bits different from VT-F32, so the panel shows its answer beside the engine's exact one. This module is
// loaded on demand only (import()), keeping tfjs out of the page's first download.
import * as tf from '@tensorflow/tfjs-core';
// The backends without their hundreds of kernels, plus the five this MLP runs: half the chunk of the full ones.
import '@tensorflow/tfjs-backend-cpu/dist/base';
import '@tensorflow/tfjs-backend-webgl/dist/base';
import { addConfig as addCpu } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Add';
import { batchMatMulConfig as matMulCpu } from '@tensorflow/tfjs-backend-cpu/dist/kernels/BatchMatMul';
import { multiplyConfig as mulCpu } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Multiply';
import { reluConfig as reluCpu } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Relu';
import { tanhConfig as tanhCpu } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Tanh';
import { addConfig as addGl } from '@tensorflow/tfjs-backend-webgl/dist/kernels/Add';
import { batchMatMulConfig as matMulGl } from '@tensorflow/tfjs-backend-webgl/dist/kernels/BatchMatMul';
import { multiplyConfig as mulGl } from '@tensorflow/tfjs-backend-webgl/dist/kernels/Multiply';
import { reluConfig as reluGl } from '@tensorflow/tfjs-backend-webgl/dist/kernels/Relu';
import { tanhConfig as tanhGl } from '@tensorflow/tfjs-backend-webgl/dist/kernels/Tanh';
import { GELU_A, GELU_C } from '@veritrain/engine';
import type { MlpModelSpec } from '@veritrain/engine';
import { pixelsToInput } from './engineClassify';
import { argmax, softmax } from './probabilities';
import type { Classification } from './engineClassify';

for (const kernel of [addCpu, matMulCpu, mulCpu, reluCpu, tanhCpu, addGl, matMulGl, mulGl, reluGl, tanhGl])
  tf.registerKernel(kernel);

export type TfjsBackendName = 'webgl' | 'cpu';

export type TfjsMlp = {
  /** The tfjs backend actually in use. */
  backend: string;
  classify(pixels: Uint8Array): Promise<Classification>;
  dispose(): void;
};

/** The first backend of `preferred` that initialises here (WebGL needs a GPU context; cpu always works). */
async function pickBackend(preferred: readonly TfjsBackendName[]): Promise<string> {
  for (const name of preferred) {
    try {
      if (await tf.setBackend(name)) return name;
    } catch {
      // try the next one
    }
  }
  throw new Error(`no TensorFlow.js backend of ${preferred.join(', ')} could start`);
}

/** GELU, tanh approximation, with the constants of the engine's spec (numerics.md §3.3). */
function gelu(x: tf.Tensor): tf.Tensor {
  // x³ as two products: no Pow kernel needed, and no pow() of a negative base on the GPU.
  const inner = tf.mul(tf.add(x, tf.mul(GELU_A, tf.mul(tf.mul(x, x), x))), GELU_C);
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/**
 * The MLP as tfjs ops over the checkpoint's tensors: h = act(h · W_i + b_i), the last layer's output being the
 * logits. `params` are in the model's canonical order (layers.<i>.weight [in×out], layers.<i>.bias [out]).
 */
export async function createTfjsMlp(
  spec: MlpModelSpec,
  params: readonly Float32Array[],
  preferred: readonly TfjsBackendName[] = ['webgl', 'cpu'],
): Promise<TfjsMlp> {
  const backend = await pickBackend(preferred);
  const layers = spec.layers;
  const weights = layers.slice(0, -1).map((fanIn, i) => ({
    w: tf.tensor2d(params[2 * i]!, [fanIn, layers[i + 1]!]),
    b: tf.tensor1d(params[2 * i + 1]!),
  }));
  const act = spec.activation === 'relu' ? (x: tf.Tensor) => tf.relu(x) : gelu;
  return {
    backend,
    async classify(pixels) {
      const out = tf.tidy(() => {
        let h: tf.Tensor = tf.tensor2d(pixelsToInput(pixels), [1, layers[0]!]);
        weights.forEach(({ w, b }, i) => {
          h = tf.add(tf.matMul(h as tf.Tensor2D, w), b);
          if (i + 1 < weights.length) h = act(h);
        });
        return h;
      });
      const logits = Float32Array.from(await out.data());
      out.dispose();
      return { logits, probabilities: softmax(logits), predicted: argmax(logits) };
    },
    dispose() {
      for (const { w, b } of weights) {
        w.dispose();
        b.dispose();
      }
    },
  };
}
