/** The protocol PRNG: Philox4x32-10 keyed by SHA-256(seed, domain). Spec: docs/numerics.md §III.1. */
export { type PrngKey, type PhiloxCounter, PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, PHILOX_ROUNDS } from './philox';
export { deriveKey, PRNG_KEY_TAG } from './deriveKey';
export { philox4x32, randomUint32, uniformFloat32, fillUniform, PrngWordStream, wordToUniformFloat32 } from './stream';
export { permutation, uniformBelow, PERMUTATION_MAX_N } from './permutation';
