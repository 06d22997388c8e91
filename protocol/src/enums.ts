/** ICoordinator.Status, in declaration order. */
export const SubmissionStatus = {
  None: 0,
  Leased: 1,
  Expired: 2,
  Cancelled: 3,
  Pending: 4,
  Final: 5,
  Invalid: 6,
  Orphaned: 7,
} as const;

/** ICoordinator.DisputeStatus, in declaration order. */
export const DisputeStatus = { None: 0, Open: 1, Fraud: 2, Honest: 3, NoQuorum: 4 } as const;

/** IDisputeCourt.Vote, in declaration order. */
export const Vote = { None: 0, Fraud: 1, Honest: 2 } as const;
