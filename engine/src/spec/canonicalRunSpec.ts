import { canonicalJson, RawNumber, type CanonicalValue } from './canonicalJson';
import { float32Decimal } from './float32Decimal';
import { parseRunSpec } from './parseRunSpec';
import type { OptimizerSpec, RunSpec } from './runSpec';

function optimizerValue(o: OptimizerSpec): CanonicalValue {
  const f = (v: number) => new RawNumber(float32Decimal(v));
  if (o.kind === 'sgd') {
    return { kind: o.kind, lr: f(o.lr), momentum: f(o.momentum), weightDecay: f(o.weightDecay) };
  }
  return {
    kind: o.kind,
    lr: f(o.lr),
    beta1: f(o.beta1),
    beta2: f(o.beta2),
    eps: f(o.eps),
    weightDecay: f(o.weightDecay),
  };
}

/**
 * The canonical JSON text of a run spec: validated first (so a hand-built object cannot hash differently
 * from its parsed form), keys sorted, no whitespace, float32 hyperparameters in shortest form, every optional
 * field written out (SGD's weightDecay appears as 0 when absent).
 */
export function canonicalRunSpec(spec: RunSpec): string {
  const s = parseRunSpec(spec);
  return canonicalJson({
    version: s.version,
    numerics: s.numerics,
    model: { ...s.model } as CanonicalValue,
    optimizer: optimizerValue(s.optimizer),
    batchSize: s.batchSize,
    dataset: { ...s.dataset },
    seed: s.seed,
    totalSteps: s.totalSteps,
  });
}
