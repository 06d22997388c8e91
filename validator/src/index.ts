export { main, validatorNode } from './main';
export { validatorOptions } from './options';
export { voteLoop } from './voteLoop';
export { judge, type DisputeFacts } from './judge';
export type { Ballot, ValidatorState } from './validatorState';
