import type { Backend } from '../backend/backend';
import type { Activation } from '../spec/runSpec';

/** y = act(z) elementwise; the backend defines ReLU and the tanh-approximation GELU exactly. */
export function activationForward(be: Backend, kind: Activation, z: Float32Array): Float32Array {
  return kind === 'relu' ? be.relu(z) : be.gelu(z);
}

/** dz = dy ⊗ act'(z), z being the activation's input (pre-activation). */
export function activationBackward(be: Backend, kind: Activation, z: Float32Array, dy: Float32Array): Float32Array {
  return kind === 'relu' ? be.reluBackward(z, dy) : be.geluBackward(z, dy);
}
