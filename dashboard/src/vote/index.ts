// Voting from the browser: the commitment, the salt kept in browser storage, commit and reveal transactions.
export { voteCommitment, voteValue, type VoteChoice } from './commitment';
export {
  newSalt,
  saveBallot,
  loadBallot,
  forgetBallot,
  type SavedBallot,
  type KeyValueStorage,
  type BallotKey,
} from './ballotStore';
export { commitVote, revealVote, type VoteWallet } from './castVote';
