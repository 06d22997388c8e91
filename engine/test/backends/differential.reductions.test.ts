import { testBackends } from '../../src/backend/testing/backends.node.js';
import { reductionSuites } from './cases/reductionCases';
import { describeDifferential } from './support/describeDifferential';

// addRowVector, sumRows, sum, transpose, swapAxes12, embeddingGather and embeddingScatterAdd on every backend against ref, bit for bit.
const { backends } = await testBackends();
describeDifferential(reductionSuites, backends);
