import { testBackends } from '../../src/backend/testing/backends.node.js';
import { rowSuites } from './cases/rowCases';
import { describeDifferential } from './support/describeDifferential';

// softmaxRows (plain and causal), softmaxRowsBackward, layerNorm, layerNormBackward and crossEntropy on every backend against ref, bit for bit.
const { backends } = await testBackends();
describeDifferential(rowSuites, backends);
