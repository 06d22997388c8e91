// "Verify" behind one dynamic import(): the checks, the data fetcher and the worker's launcher load only when a
// watcher asks to verify a submission (the steps tree builder rides in this chunk).
export {
  verifySubmission,
  type SubmissionVerification,
  type StepCheck,
  type VerifyStage,
  type VerifiableSubmission,
  type VerifySubmissionParameters,
} from './verifySubmission';
export { VerificationReport, describeVerifyStage } from './VerificationReport';
