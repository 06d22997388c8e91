import type { Backend } from '../backend';
import { EngineError } from '../../errors';
import { matmul, matmulTransA, matmulTransB } from './matmul';
import { add, addRowVector, addScalar, div, mul, scale, sqrt, sub, sum, sumRows, swapAxes12, transpose } from './elementwise';

function notYet(op: string): never {
  throw new EngineError('UNSUPPORTED', `ref backend: ${op} is not implemented yet`, { details: { op } });
}

/** The `ref` backend: plain TypeScript, the executable form of VT-F32. */
export const refBackend: Backend = {
  name: 'ref',
  matmul,
  matmulTransB,
  matmulTransA,
  transpose,
  swapAxes12,
  addRowVector,
  sumRows,
  sum,
  add,
  sub,
  mul,
  div,
  scale,
  addScalar,
  sqrt,
  relu: () => notYet('relu'),
  reluBackward: () => notYet('reluBackward'),
  gelu: () => notYet('gelu'),
  geluBackward: () => notYet('geluBackward'),
  softmaxRows: () => notYet('softmaxRows'),
  softmaxRowsBackward: () => notYet('softmaxRowsBackward'),
  layerNorm: () => notYet('layerNorm'),
  layerNormBackward: () => notYet('layerNormBackward'),
  crossEntropy: () => notYet('crossEntropy'),
  embeddingGather: () => notYet('embeddingGather'),
  embeddingScatterAdd: () => notYet('embeddingScatterAdd'),
};
