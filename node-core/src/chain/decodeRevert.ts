import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  RawContractError,
  type Abi,
  type AbiParameter,
  type Hex,
} from 'viem';
import { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from '@veritrain/protocol';

type AbiError = Extract<Abi[number], { type: 'error' }>;

/** Every custom error a veritrain call can revert with (a coordinator call may bubble a court error). */
export const VERITRAIN_ERRORS_ABI: Abi = [...coordinatorAbi, ...disputeCourtAbi, ...rewardTokenAbi].filter(
  (item) => item.type === 'error',
);

export type DecodedRevert = {
  /** The custom error's name (`LeaseHeld`), `Error` for require-strings, `Panic` for panics. */
  name: string;
  /** Arguments in declaration order with their Solidity names. */
  args: { name: string; value: unknown }[];
};

function named(inputs: readonly AbiParameter[] | undefined, values: readonly unknown[]): DecodedRevert['args'] {
  return values.map((value, i) => ({ name: inputs?.[i]?.name || `arg${i}`, value }));
}

function fromData(data: Hex): DecodedRevert | undefined {
  try {
    const decoded = decodeErrorResult({ abi: VERITRAIN_ERRORS_ABI, data });
    return { name: decoded.errorName, args: named((decoded.abiItem as AbiError).inputs, decoded.args ?? []) };
  } catch {
    return undefined;
  }
}

/**
 * The contract revert inside `err` (a viem error from simulate/write/estimateGas, possibly wrapped in other
 * errors' `cause`), decoded into its custom error name and named arguments; `undefined` when `err` is not
 * a revert (an RPC fault, a timeout, a bug).
 */
export function decodeRevert(err: unknown): DecodedRevert | undefined {
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 16; depth++) {
    if (e instanceof BaseError) {
      const revert = e.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof RawContractError);
      if (revert instanceof ContractFunctionRevertedError) {
        if (revert.data)
          return {
            name: revert.data.errorName,
            args: named((revert.data.abiItem as AbiError).inputs, revert.data.args ?? []),
          };
        if (revert.raw) {
          const decoded = fromData(revert.raw);
          if (decoded) return decoded;
        }
        if (revert.reason !== undefined) return { name: 'Error', args: [{ name: 'reason', value: revert.reason }] };
        return { name: 'Revert', args: revert.signature ? [{ name: 'selector', value: revert.signature }] : [] };
      }
      if (revert instanceof RawContractError && typeof revert.data === 'string') {
        const decoded = fromData(revert.data);
        if (decoded) return decoded;
      }
    }
    // A revert met outside a contract call (a gas estimate, a raw send: viem's ExecutionRevertedError, which has
    // no ABI to decode with) still carries the node's revert data on the RPC error inside it.
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]{8}/.test(data)) {
      const decoded = fromData(data as Hex);
      if (decoded) return decoded;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** `LeaseHeld(runId=1, leaseId=3, holder=0x…, deadline=1764…)`; `undefined` when `err` is not a revert. */
export function formatRevert(err: unknown): string | undefined {
  const revert = decodeRevert(err);
  if (!revert) return undefined;
  return `${revert.name}(${revert.args.map((a) => `${a.name}=${formatValue(a.value)}`).join(', ')})`;
}
