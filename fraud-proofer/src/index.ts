export { main, fraudProoferNode } from './main';
export { fraudProoferOptions } from './options';
export { watchLoop, sampled } from './watchLoop';
export { falseAccusation, findFraud, type DisputeClaim, type FraudFinding } from './findFraud';
export type { FraudProoferState, OurDispute } from './fraudProoferState';
