/**
 * @veritrain/engine: deterministic training (VT-F32). Browser-safe: nothing here imports Node modules.
 * Node-only helpers (dataset loading, the node:crypto stateRoot) live in `@veritrain/engine/node`.
 */
export { EngineError, type EngineErrorCode } from './errors';

// Run spec and its hash.
export * from './spec/index';

// Kernels and numerics.
export * from './backend/index';
export * from './numerics/index';

// Protocol PRNG and the batch schedule.
export * from './prng/index';
export * from './data/index';

// Checkpoint codec and stateRoot.
export * from './checkpoint/index';

// Models and optimizers.
export * from './models/index';
export * from './optim/index';

// The training library the nodes call.
export * from './train/index';

// The op program of a step (the dissection game's op level, docs/game.md).
export * from './program/index';
// Traces of a step for the dissection game: game program, tensor and trace roots, openings, dissection (docs/game.md).
export * from './trace/index';
