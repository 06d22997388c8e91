/** What the fraud-proofer must not forget (`<data-dir>/fraud-proofer.json`): above all, which disputes it
 *  opened, so a restart never disputes the same submission twice. */
export type OurDispute = {
  submissionId: bigint;
  step: number;
  /** Known once the DisputeOpened event is seen; 'opening' is saved before the transaction is sent. */
  disputeId?: bigint;
  phase: 'opening' | 'open' | 'settled';
};

export type FraudProoferState = {
  version: 1;
  runId: bigint;
  /** Submissions verified (honest), disputed, or past their window. */
  done: bigint[];
  disputes: OurDispute[];
};

export function validateFraudProoferState(value: unknown): FraudProoferState {
  const v = value as FraudProoferState;
  if (typeof v !== 'object' || v === null || v.version !== 1 || typeof v.runId !== 'bigint' || !Array.isArray(v.done) || !Array.isArray(v.disputes)) {
    throw new Error('expected a version 1 fraud-proofer state');
  }
  return v;
}
