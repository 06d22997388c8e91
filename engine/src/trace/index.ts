export { elementRule, type ElementRead, type ElementRule } from './elementRules';
export {
  encodeGameOp,
  GAME_OP_KINDS,
  lowerStepProgram,
  programRoot,
  programTree,
  type GameOp,
  type GameOpKind,
  type GameProgram,
  type StateTensorInfo,
} from './gameProgram';
export {
  commitTrace,
  evaluateElement,
  gameProgramOf,
  tensorLeaves,
  tensorTree,
  traceLeaf,
  traceStep,
  traceTreeOf,
  traceValues,
  type StepTrace,
  type TraceValue,
} from './traceStep';
export {
  checkpointDataStart,
  oneStepProof,
  openElement,
  openTraceLeaf,
  openValue,
  partialSums,
  type ElementOpening,
  type OneStepProof,
  type TraceLeafOpening,
  type ValueOpening,
} from './openings';
export { claimOfValues, dissect, findFirstWrong, type DissectionResult, type TraceClaim } from './dissect';
