export { applyOptimizer } from './applyOptimizer';
export { sgdUpdate } from './sgd';
export { adamwUpdate, advanceAdamwPowers, type AdamwStepScalars } from './adamw';
export { initOptimizerState, momentumName, adamMName, adamVName, BETA1_POWER, BETA2_POWER } from './optimizerState';
