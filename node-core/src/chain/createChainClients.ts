import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  webSocket,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { NodeError } from '../errors';
import { redactUrl } from '../config/formatConfig';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import { readChainId } from './readQuantity';

export type ChainClients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** Present when an account was given. */
  walletClient: WalletClient<Transport, Chain, Account> | undefined;
  account: Account | undefined;
  /** The RPC URL with credentials hidden, for messages. */
  rpcUrlShown: string;
  /** Retry options every chain helper uses (callWithRetry). */
  retry: RetryOptions;
};

/** Clients of a node that signs. */
export type SigningChainClients = ChainClients & {
  walletClient: WalletClient<Transport, Chain, Account>;
  account: Account;
};

export type CreateChainClientsParameters = {
  rpcUrl: string;
  account?: Account | undefined;
  /** Refuse to run against another chain (a mainnet URL by mistake). */
  expectedChainId?: number | undefined;
  /** Per-request timeout. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Transaction receipts are polled at this interval (default: 100 ms on chain 31337, else 2 s). */
  pollingIntervalMs?: number;
};

/**
 * viem public and wallet clients for the configured RPC, after asking the endpoint for its chain id (with
 * retries: `RPC_UNAVAILABLE`, exit code 3, when it never answers; `WRONG_CHAIN` when it serves another
 * chain than `expectedChainId`). viem's own transport retries are off: `callWithRetry` is the one policy.
 */
export async function createChainClients(
  params: CreateChainClientsParameters & { account: Account },
): Promise<SigningChainClients>;
export async function createChainClients(params: CreateChainClientsParameters): Promise<ChainClients>;
export async function createChainClients(params: CreateChainClientsParameters): Promise<ChainClients> {
  const timeout = params.timeoutMs ?? 10_000;
  const transport: Transport = /^wss?:/.test(params.rpcUrl)
    ? webSocket(params.rpcUrl, { retryCount: 0, timeout })
    : http(params.rpcUrl, { retryCount: 0, timeout });
  const rpcUrlShown = redactUrl(params.rpcUrl);
  const retry = params.retry ?? {};
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await callWithRetry('eth_chainId', () => readChainId(probe, rpcUrlShown), retry);
  } catch (err) {
    if (err instanceof NodeError && err.code === 'RPC_UNAVAILABLE') {
      throw new NodeError('RPC_UNAVAILABLE', `cannot reach the chain at ${rpcUrlShown}: ${err.message}`, {
        cause: err,
        details: err.details,
      });
    }
    throw err;
  }
  if (params.expectedChainId !== undefined && chainId !== params.expectedChainId) {
    throw new NodeError(
      'WRONG_CHAIN',
      `${rpcUrlShown} serves chain ${chainId}, but --chain-id expects ${params.expectedChainId}`,
      {
        details: { chainId, expectedChainId: params.expectedChainId },
      },
    );
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [params.rpcUrl] } },
  });
  const pollingInterval = params.pollingIntervalMs ?? (chainId === 31337 ? 100 : 2_000);
  const publicClient = createPublicClient({ chain, transport, pollingInterval }) as PublicClient<Transport, Chain>;
  const walletClient =
    params.account === undefined
      ? undefined
      : (createWalletClient({ chain, transport, account: params.account, pollingInterval }) as WalletClient<
          Transport,
          Chain,
          Account
        >);
  return { chain, publicClient, walletClient, account: params.account, rpcUrlShown, retry };
}
