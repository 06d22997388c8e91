export { applyOptimizer } from './applyOptimizer';
export { sgdUpdate, sgdScalars } from './sgd';
export { adamwUpdate, adamwScalars, advanceAdamwPowers, type AdamwStepScalars } from './adamw';
export { initOptimizerState, momentumName, adamMName, adamVName, BETA1_POWER, BETA2_POWER } from './optimizerState';
