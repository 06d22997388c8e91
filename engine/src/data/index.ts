/** Data schedule: which examples each step trains on. Spec: docs/numerics.md §III.2. */
export { batchIndices, epochDomain, type BatchIndicesParameters } from './batch';
