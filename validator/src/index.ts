export { main, validatorNode } from './main';
export { validatorOptions } from './options';
export { voteLoop } from './voteLoop';
export { judge, type DisputeFacts } from './judge';
export type { Ballot, FollowedDispute, ValidatorState } from './validatorState';
export { followDispute, type CourtPort, type FollowDeps } from './followDispute';
