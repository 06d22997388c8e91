import type { Backend, TensorLike } from '../backend/backend';
import { EngineError } from '../errors';
import type { MlpModelSpec } from '../spec/runSpec';
import { activationBackward, activationForward } from './activation';
import { linearBackward, linearForward } from './linear';
import { meanCrossEntropy } from './loss';
import type { ClassificationBatch, LossAndGrads, Model, ModelBatch, ParamSpec } from './model';

/**
 * Initial bound of an MLP weight: He-uniform, sqrt(6 / fanIn) in float64 (IEEE division and sqrt, so
 * exact everywhere), then rounded to binary32. Keeps the activations' scale through ReLU layers.
 */
export function mlpWeightBound(fanIn: number): number {
  return Math.fround(Math.sqrt(6 / fanIn));
}

/** Parameters: layers.<i>.weight [in×out] (He-uniform), layers.<i>.bias [out] (zeros), i = 0…L−1. */
export function mlpParamSpecs(spec: MlpModelSpec): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (let i = 0; i + 1 < spec.layers.length; i++) {
    const fanIn = spec.layers[i]!;
    const fanOut = spec.layers[i + 1]!;
    out.push({
      name: `layers.${i}.weight`,
      shape: [fanIn, fanOut],
      init: { kind: 'uniform', bound: mlpWeightBound(fanIn) },
    });
    out.push({ name: `layers.${i}.bias`, shape: [fanOut], init: { kind: 'zeros' } });
  }
  return out;
}

function classification(batch: ModelBatch, inputSize: number): ClassificationBatch {
  if (
    batch.kind !== 'classification' ||
    batch.inputs.length !== batch.rows * inputSize ||
    batch.targets.length !== batch.rows
  ) {
    throw new EngineError(
      'SHAPE_MISMATCH',
      `mlp: expected a classification batch of rows×${inputSize} inputs and rows targets`,
    );
  }
  return batch;
}

/**
 * Multi-layer perceptron: z_i = h_i · W_i ⊕ b_i; h_{i+1} = act(z_i) for every layer but the last, whose z
 * are the logits. Backward walks the layers in reverse: dW_i, db_i from linearBackward, then
 * dz_{i−1} = act'(z_{i−1}) ⊗ dh_i. The input gradient is never computed.
 */
export function createMlp(spec: MlpModelSpec): Model {
  const paramSpecs = mlpParamSpecs(spec);
  const widths = spec.layers;
  const nLinear = widths.length - 1;
  const classes = widths[nLinear]!;

  function forward<T extends TensorLike>(be: Backend<T>, params: readonly T[], batch: ClassificationBatch) {
    // The batch is host data: on a host backend upload hands the array through, a device copies it in.
    const hs: T[] = [be.upload(batch.inputs)];
    const zs: T[] = [];
    for (let i = 0; i < nLinear; i++) {
      const z = linearForward(be, hs[i]!, params[2 * i]!, params[2 * i + 1]!, batch.rows, widths[i]!, widths[i + 1]!);
      zs.push(z);
      if (i + 1 < nLinear) hs.push(activationForward(be, spec.activation, z));
    }
    return { hs, zs };
  }

  return {
    paramSpecs,
    outputShape(batch) {
      const b = classification(batch, widths[0]!);
      return { rows: b.rows, classes, targets: b.targets };
    },
    logits(be, params, batch) {
      const b = classification(batch, widths[0]!);
      return forward(be, params, b).zs[nLinear - 1]!;
    },
    lossAndGrads<T extends TensorLike>(be: Backend<T>, params: readonly T[], batch: ModelBatch): LossAndGrads<T> {
      const b = classification(batch, widths[0]!);
      const { hs, zs } = forward(be, params, b);
      const ce = meanCrossEntropy(be, zs[nLinear - 1]!, b.targets, b.rows, classes);
      const grads: T[] = new Array(paramSpecs.length);
      let dz = ce.dlogits;
      for (let i = nLinear - 1; i >= 0; i--) {
        const g = linearBackward(be, hs[i]!, params[2 * i]!, true, dz, b.rows, widths[i]!, widths[i + 1]!, i > 0);
        grads[2 * i] = g.dw;
        grads[2 * i + 1] = g.db!;
        if (i > 0) dz = activationBackward(be, spec.activation, zs[i - 1]!, g.dx!);
      }
      return { loss: ce.loss, grads };
    },
  };
}
