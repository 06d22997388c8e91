export * from './runSpec';
export { parseRunSpec, specSeed, RUN_SPEC_LIMITS } from './parseRunSpec';
export { canonicalRunSpec } from './canonicalRunSpec';
export { specHash } from './specHash';
export { float32Decimal } from './float32Decimal';
export { checkpointByteLength, runResourceNeeds, type RunResourceNeeds } from './runResourceNeeds';
