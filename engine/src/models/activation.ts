import type { Backend, TensorLike } from '../backend/backend';
import type { Activation } from '../spec/runSpec';

/** y = act(z) elementwise; the backend defines ReLU and the tanh-approximation GELU exactly. */
export function activationForward<T extends TensorLike>(be: Backend<T>, kind: Activation, z: T): T {
  return kind === 'relu' ? be.relu(z) : be.gelu(z);
}

/** dz = dy ⊗ act'(z), z being the activation's input (pre-activation). */
export function activationBackward<T extends TensorLike>(be: Backend<T>, kind: Activation, z: T, dy: T): T {
  return kind === 'relu' ? be.reluBackward(z, dy) : be.geluBackward(z, dy);
}
