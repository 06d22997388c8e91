import type { OptimizerSpec } from '../spec/runSpec';
import { tensorSize, type NamedTensor } from '../models/namedTensor';

/**
 * Optimizer state tensors and their canonical names (they follow the parameters in the checkpoint):
 * - sgd:   `optim.momentum.<param>` for each parameter in model order (the velocity buffer, starts at +0).
 * - adamw: `optim.m.<param>` for each parameter, then `optim.v.<param>` for each parameter (start at +0),
 *          then `optim.beta1Power` and `optim.beta2Power`, shape [1], which hold fround(β^t) after step t
 *          (start at 1) so bias correction never calls pow.
 */
export const BETA1_POWER = 'optim.beta1Power';
export const BETA2_POWER = 'optim.beta2Power';

export function momentumName(param: string): string {
  return `optim.momentum.${param}`;
}
export function adamMName(param: string): string {
  return `optim.m.${param}`;
}
export function adamVName(param: string): string {
  return `optim.v.${param}`;
}

/** The step-0 optimizer state for these parameters. */
export function initOptimizerState(
  optimizer: OptimizerSpec,
  params: readonly { name: string; shape: readonly number[] }[],
): NamedTensor[] {
  const zeros = (name: string, shape: readonly number[]): NamedTensor => ({
    name,
    shape: [...shape],
    data: new Float32Array(tensorSize(shape)),
  });
  if (optimizer.kind === 'sgd') return params.map((p) => zeros(momentumName(p.name), p.shape));
  return [
    ...params.map((p) => zeros(adamMName(p.name), p.shape)),
    ...params.map((p) => zeros(adamVName(p.name), p.shape)),
    { name: BETA1_POWER, shape: [1], data: Float32Array.of(1) },
    { name: BETA2_POWER, shape: [1], data: Float32Array.of(1) },
  ];
}
