/** Data schedule: which examples each step trains on. Spec: docs/numerics-state.md §2. */
export { batchIndices, epochDomain, type BatchIndicesParameters } from './batch';
