export { main, workerNode } from './main';
export { workerOptions } from './options';
export { workLoop } from './workLoop';
export { computeLease, type ComputeLeaseParameters } from './computeLease';
export { fetchParentCheckpoint, submittedEvent, type SubmittedEvent } from './fetchCheckpoint';
export { loadRun, type LoadedRun, type RunConfigOnChain } from './loadRun';
export type { WorkerState, HeldLease } from './workerState';
