export { main, workerNode } from './main';
export { workerOptions } from './options';
export { workLoop } from './workLoop';
export type { WorkerState, HeldLease } from './workerState';
