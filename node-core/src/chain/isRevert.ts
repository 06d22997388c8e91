import { NodeError } from '../errors';
import { decodeRevert } from './decodeRevert';

/**
 * The custom error a failed call reverted with, decoded from its revert data against the veritrain ABIs
 * (viem's `ContractFunctionRevertedError.data.errorName`): `LeaseHeld`, `Error` for a require string, `Panic`;
 * `undefined` when `err` carries no decodable revert (an RPC fault, or a receipt that only says "reverted").
 */
export function revertName(err: unknown): string | undefined {
  return decodeRevert(err)?.name;
}

/**
 * Whether `err` is a contract revert, by decoded error name: with `names`, one of those custom errors; without,
 * any revert (a `NodeError('REVERTED')` from simulation or a mined receipt, or a decodable revert). Never a
 * regular expression on a message.
 */
export function isRevert(err: unknown, names?: readonly string[]): boolean {
  const name = revertName(err);
  if (names === undefined) return name !== undefined || (err instanceof NodeError && err.code === 'REVERTED');
  return name !== undefined && names.includes(name);
}
