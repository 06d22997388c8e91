// Browser-safe shared code: the dashboard imports this package. Node-only helpers live in src/node/.
export { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from './generated/abis';
export * from './commitments';
export { parseDeployment, type Deployment } from './deployment';
export { ProtocolError, VeritrainError, type ProtocolErrorCode, type VeritrainErrorOptions } from './errors';
export { SubmissionStatus, DisputeStatus, Vote } from './enums';
