// Browser-safe shared code: the dashboard imports this package. Node-only helpers live in src/node/.
export { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from './generated/abis';
export * from './commitments';
export { parseDeployment, type Deployment } from './deployment';
export { ProtocolError, VeritrainError, type ProtocolErrorCode, type VeritrainErrorOptions } from './errors';
export { DEFAULT_JSON_MAX_DEPTH, parseJsonText, type ParseJsonTextOptions } from './parseJsonText';
export { SubmissionStatus, DisputeStatus, Vote } from './enums';
export {
  encodeSubmissionManifest,
  manifestMaxBytes,
  MAX_MANIFEST_STEPS,
  parseSubmissionManifest,
  SUBMISSION_MANIFEST_KIND,
  type ManifestStepRecord,
  type ParseSubmissionManifestOptions,
  type SubmissionManifest,
  type SubmissionManifestHeader,
} from './submissionManifest';
