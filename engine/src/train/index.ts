export type { RunData, ImageRunData, TextRunData, ImageSplit } from './runData';
export { createGenesis } from './createGenesis';
export {
  runSteps,
  runStepsAsync,
  type RunStepsParameters,
  type RunStepsAsyncParameters,
  type RunStepsReturnType,
  type StepRecord,
} from './runSteps';
export { verifyStep, type VerifyStepParameters, type VerifyStepReturnType } from './verifyStep';
export { evaluate, type EvaluateParameters, type EvaluateReturnType } from './evaluate';
export { float32Bits, float32FromBits } from './float32Bits';
export { buildBatch, exampleCount, checkRunData, type Split } from './examples';
export { createRunContext, type RunContext } from './runContext';
export { trainStep, residentStep } from './trainStep';
export { residentState, type ResidentState } from './residentState';
export { stateFromCheckpoint, checkpointFromState, type TrainingState } from './trainingState';
