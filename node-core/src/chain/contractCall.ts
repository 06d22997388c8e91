import type { Abi, Address, ContractFunctionArgs, ContractFunctionName } from 'viem';

/** The functions of `abi` a transaction can call. */
export type WriteFunctionName<abi extends Abi> = ContractFunctionName<abi, 'nonpayable' | 'payable'>;

/** A contract call to send, checked against its ABI where it was built (`contractCall`), then carried as data. */
export type ContractCall = {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
};

/**
 * A call whose function name and arguments the compiler checks against the generated ABI (`as const`): a
 * misspelt function, a missing argument or a number where a bigint goes is a type error, not a revert.
 */
export function contractCall<const abi extends Abi, fn extends WriteFunctionName<abi>>(
  address: Address,
  abi: abi,
  functionName: fn,
  args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', fn>,
  value?: bigint,
): ContractCall {
  // Checked against the ABI above; carried from here on as the plain data writeContractWithRetry takes.
  return { address, abi, functionName, args: args as readonly unknown[], ...(value === undefined ? {} : { value }) };
}

/**
 * The intent-journal key of a call: its function and first two arguments (`submit:<runId>:<leaseId>`,
 * `commitVote:<disputeId>:<commitment>`), which name what the node meant to do. One unresolved intent per key.
 */
export function intentKey(call: Pick<ContractCall, 'functionName' | 'args'>): string {
  return `${call.functionName}:${call.args.slice(0, 2).map(String).join(':')}`;
}
