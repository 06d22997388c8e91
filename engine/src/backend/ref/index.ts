import type { Backend } from '../backend';
import { hostTensors } from '../hostTensors';
import { matmul, matmulBatched, matmulTransA, matmulTransB } from './matmul';
import { adamwUpdate, sgdUpdate } from './optimizer';
import { relu, reluBackward, gelu, geluBackward } from './activations';
import { softmaxRows, softmaxRowsBackward } from './softmax';
import { layerNorm, layerNormBackward } from './layerNorm';
import { crossEntropy } from './crossEntropy';
import { embeddingGather, embeddingScatterAdd } from './embedding';
import {
  add,
  addRowVector,
  addScalar,
  div,
  mul,
  scale,
  sqrt,
  sub,
  sum,
  sumRows,
  swapAxes12,
  transpose,
} from './elementwise';

/** The `ref` backend: plain TypeScript, the executable form of VT-F32. */
export const refBackend: Backend = {
  name: 'ref',
  ...hostTensors,
  matmul,
  matmulTransB,
  matmulTransA,
  matmulBatched,
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
  relu,
  reluBackward,
  gelu,
  geluBackward,
  softmaxRows,
  softmaxRowsBackward,
  layerNorm,
  layerNormBackward,
  crossEntropy,
  embeddingGather,
  embeddingScatterAdd,
  sgdUpdate,
  adamwUpdate,
};
