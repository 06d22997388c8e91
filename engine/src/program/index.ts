export {
  encodeStepProgram,
  recordStepProgram,
  replayStepProgram,
  stepProgramHash,
  type ProgramOp,
  type ProgramValueRef,
  type StepProgram,
} from './recordStepProgram';
