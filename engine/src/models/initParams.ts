import { deriveKey } from '../prng/deriveKey';
import { fillUniform } from '../prng/stream';
import type { ParamSpec } from './model';
import { tensorSize, type NamedTensor } from './namedTensor';

/** The PRNG domain of a parameter's initial values. */
export function initDomain(paramName: string): string {
  return `init/${paramName}`;
}

/**
 * Step-0 parameters: `uniform` fills with fillUniform(deriveKey(seed, "init/<name>"), data, −bound, bound)
 * (element i from the i-th uniform of that key's stream); `zeros` is +0; `ones` is 1.
 */
export function initParams(specs: readonly ParamSpec[], seed: bigint): NamedTensor[] {
  return specs.map((p) => {
    const data = new Float32Array(tensorSize(p.shape));
    if (p.init.kind === 'uniform') fillUniform(deriveKey(seed, initDomain(p.name)), data, -p.init.bound, p.init.bound);
    else if (p.init.kind === 'ones') data.fill(1);
    return { name: p.name, shape: [...p.shape], data };
  });
}
