import {
  encodeFunctionData,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { NodeError } from '../errors';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import { sleep } from '../lifecycle/sleep';
import type { ChainClients, SigningChainClients } from './createChainClients';
import { decodeRevert, formatRevert } from './decodeRevert';

export type WriteContractWithRetryParameters = {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
  /** Overrides the clients' retry options (e.g. a shutdown signal). */
  retry?: RetryOptions;
  /** Gives up waiting for the receipt after this long. */
  receiptTimeoutMs?: number;
  /**
   * Called with the signed transaction before it is first broadcast; the broadcast waits for it. An intent
   * journal persists it here, so that a node killed from now on finds the transaction again at restart.
   */
  beforeBroadcast?: (tx: SignedTransaction) => void | Promise<void>;
};

/** A transaction signed once: its hash, the exact bytes (re-broadcast as they are), and its nonce. */
export type SignedTransaction = { hash: Hex; serializedTransaction: Hex; nonce: number };

export type WriteContractWithRetryReturnType = {
  hash: Hex;
  receipt: TransactionReceipt;
  /** The function's return value, from the simulation the transaction was built from. */
  result: unknown;
};

function reverted(functionName: string, err: unknown): NodeError | undefined {
  const decoded = decodeRevert(err);
  if (!decoded) return undefined;
  return new NodeError('REVERTED', `${functionName} reverted: ${formatRevert(err)}`, {
    cause: err,
    details: { functionName, error: decoded.name, args: decoded.args },
  });
}

/**
 * Simulates, signs once and sends a contract call, retrying RPC faults at every stage without ever
 * sending two transactions: the signed bytes (fixed nonce) are re-broadcast, which is idempotent.
 * A revert, at simulation or in the mined receipt, is `NodeError('REVERTED')` whose message names the
 * custom error and its arguments; it is never retried.
 */
export async function writeContractWithRetry(
  clients: SigningChainClients,
  params: WriteContractWithRetryParameters,
): Promise<WriteContractWithRetryReturnType> {
  const { publicClient, walletClient, account } = clients;
  const retry = params.retry ?? clients.retry;
  const fn = params.functionName;
  const call = {
    account,
    address: params.address,
    abi: params.abi,
    functionName: fn,
    args: params.args ?? [],
    ...(params.value === undefined ? {} : { value: params.value }),
  };
  let simulated: { request: unknown; result: unknown };
  try {
    simulated = (await callWithRetry(
      `simulate ${fn}`,
      () => publicClient.simulateContract(call as never),
      retry,
    )) as never;
  } catch (err) {
    throw reverted(fn, err) ?? err;
  }
  // The transaction is the simulated call itself: same target, calldata and value.
  const data = encodeFunctionData({ abi: params.abi, functionName: fn, args: (params.args ?? []) as never } as never);
  let prepared: unknown;
  try {
    prepared = await callWithRetry(
      `prepare ${fn}`,
      () =>
        walletClient.prepareTransactionRequest({
          account,
          chain: clients.chain,
          to: params.address,
          data,
          ...(params.value === undefined ? {} : { value: params.value }),
        } as never) as Promise<unknown>,
      retry,
    );
  } catch (err) {
    throw reverted(fn, err) ?? err;
  }
  const serializedTransaction = await walletClient.signTransaction(prepared as never);
  const hash = keccak256(serializedTransaction);
  await params.beforeBroadcast?.({ hash, serializedTransaction, nonce: Number((prepared as { nonce: number }).nonce) });
  const receipt = await waitForTransaction(clients, {
    functionName: fn,
    hash,
    serializedTransaction,
    retry,
    ...(params.receiptTimeoutMs === undefined ? {} : { receiptTimeoutMs: params.receiptTimeoutMs }),
  });
  return { hash, receipt, result: simulated.result };
}

export type WaitForTransactionParameters = {
  functionName: string;
  hash: Hex;
  serializedTransaction: Hex;
  retry: RetryOptions;
  receiptTimeoutMs?: number;
};

/**
 * Broadcasts signed bytes and waits for their receipt, broadcasting the same bytes again whenever the node no
 * longer knows the transaction (same hash, same nonce: never a second transaction). A receipt whose status is
 * not success is `NodeError('REVERTED')`.
 */
export async function waitForTransaction(
  clients: ChainClients,
  params: WaitForTransactionParameters,
): Promise<TransactionReceipt> {
  const { publicClient } = clients;
  const { functionName: fn, hash, serializedTransaction, retry } = params;
  const broadcast = () =>
    callWithRetry(
      `send ${fn}`,
      async () => {
        try {
          await publicClient.sendRawTransaction({ serializedTransaction });
        } catch (err) {
          // A re-broadcast: the node already has these exact bytes, or has mined them (the receipt tells).
          const text = err instanceof Error ? `${err.message} ${(err as { details?: string }).details ?? ''}` : '';
          if (/already known|known transaction|already imported|nonce too low/i.test(text)) return;
          throw err;
        }
      },
      retry,
    );
  await broadcast();
  // Wait for the receipt; if the node forgets the transaction (a restarted node, a dropped mempool),
  // broadcast the same signed bytes again: same hash, same nonce, never a second transaction.
  const deadline = Date.now() + (params.receiptTimeoutMs ?? 120_000);
  const pollMs = clients.publicClient.pollingInterval;
  let receipt: TransactionReceipt | undefined;
  for (;;) {
    receipt = await callWithRetry(
      `receipt ${fn}`,
      () =>
        publicClient.getTransactionReceipt({ hash }).catch((err: unknown) => {
          if (err instanceof TransactionReceiptNotFoundError) return undefined;
          throw err;
        }),
      retry,
    );
    if (receipt) break;
    const known = await callWithRetry(
      `getTransaction ${fn}`,
      () =>
        publicClient.getTransaction({ hash }).then(
          () => true,
          (err: unknown) => {
            if (err instanceof TransactionNotFoundError) return false;
            throw err;
          },
        ),
      retry,
    );
    if (!known) await broadcast();
    if (Date.now() > deadline) {
      throw new NodeError(
        'TX_FAILED',
        `${fn}: no receipt for transaction ${hash} after ${Math.round((params.receiptTimeoutMs ?? 120_000) / 1000)} s`,
        {
          details: { functionName: fn, hash },
        },
      );
    }
    await sleep(pollMs, retry.signal);
  }
  if (receipt.status !== 'success') {
    throw new NodeError('REVERTED', `${fn} reverted on-chain in transaction ${hash}`, {
      details: { functionName: fn, hash },
    });
  }
  return receipt;
}
