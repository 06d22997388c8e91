import { testBackends } from '../../src/backend/testing/backends.node.js';
import { elementwiseSuites } from './cases/elementwiseCases';
import { describeDifferential } from './support/describeDifferential';

// add, sub, mul, div, scale, addScalar, sqrt, relu, reluBackward, gelu, geluBackward, sgdUpdate and adamwUpdate on every backend against ref, bit for bit.
const { backends } = await testBackends();
describeDifferential(elementwiseSuites, backends);
