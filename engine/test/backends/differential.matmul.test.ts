import { testBackends } from '../../src/backend/testing/backends.node.js';
import { matmulSuites } from './cases/matmulCases';
import { describeDifferential } from './support/describeDifferential';

// matmul, matmulTransB, matmulTransA and matmulBatched on every backend against ref, bit for bit.
const { backends } = await testBackends();
describeDifferential(matmulSuites, backends);
