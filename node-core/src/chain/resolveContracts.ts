import { resolve } from 'node:path';
import type { Address } from 'viem';
import { readDeployment } from '@veritrain/protocol/node';
import { NodeError } from '../errors';
import { callWithRetry } from './callWithRetry';
import type { ChainClients } from './createChainClients';

export type ResolveContractsParameters = {
  clients: ChainClients;
  /** `--coordinator`: wins over the deployment file. */
  coordinator?: Address | undefined;
  /** `--deployment`; default deployments/<chain id>.json under `cwd`. */
  deployment?: string | undefined;
  cwd: string;
  /** `--chain-id`, already checked against the RPC by createChainClients: it confirms the chain. */
  expectedChainId?: number | undefined;
};

/** anvil's chain: the local devnet, where no operator money is at stake and no confirmation is asked. */
export const DEVNET_CHAIN_ID = 31337;

export type ResolvedContracts = {
  coordinator: Address;
  court?: Address;
  token?: Address;
  /** First block worth scanning for events (the deployment block; 0 with --coordinator). */
  startBlock: bigint;
  source: string;
};

/**
 * The contract addresses to use: `--coordinator`, else the deployment file (checked to be for the RPC's
 * chain); outside the devnet's chain 31337, refuses a chain nobody confirmed (no `--chain-id`, no `--deployment`);
 * then checks that code is deployed at the coordinator address, so a wrong chain or a stale
 * deployment file fails at start with a clear message instead of at the first transaction.
 */
export async function resolveContracts(params: ResolveContractsParameters): Promise<ResolvedContracts> {
  const { clients } = params;
  const chainId = clients.chain.id;
  let out: ResolvedContracts;
  if (params.coordinator !== undefined) {
    out = { coordinator: params.coordinator, startBlock: 0n, source: '--coordinator' };
  } else {
    const given = params.deployment;
    const file = resolve(params.cwd, given ?? `deployments/${chainId}.json`);
    const flag = given === undefined ? `--deployment (default ${file})` : `--deployment ${given}`;
    let d: ReturnType<typeof readDeployment>;
    try {
      d = readDeployment(file);
    } catch (cause) {
      throw new NodeError(
        'INVALID_CONFIG',
        `${flag}: ${(cause as Error).message}; start the devnet (npm start), or pass --deployment or --coordinator`,
        { cause },
      );
    }
    if (d.chainId !== chainId) {
      throw new NodeError(
        'WRONG_CHAIN',
        `${flag} is for chain ${d.chainId}, but ${clients.rpcUrlShown} serves chain ${chainId}`,
      );
    }
    out = { coordinator: d.coordinator, court: d.court, token: d.token, startBlock: d.startBlock, source: file };
  }
  // A chain is confirmed by the operator naming it: --chain-id, or a --deployment file (which names its chain,
  // compared above). Neither --coordinator nor the default deployments/<id>.json, picked by the RPC's own chain
  // id, says which chain was meant: a node started by hand against the wrong endpoint must not send anything.
  const namedByDeployment = params.coordinator === undefined && params.deployment !== undefined;
  if (params.expectedChainId === undefined && !namedByDeployment && chainId !== DEVNET_CHAIN_ID) {
    const from =
      params.coordinator !== undefined
        ? '--coordinator gives an address on no particular chain'
        : `the deployment file ${out.source} was chosen by that chain id itself`;
    throw new NodeError(
      'WRONG_CHAIN',
      `the chain is not confirmed: ${clients.rpcUrlShown} serves chain ${chainId} (eth_chainId), and nothing names the chain expected (${from}); pass --chain-id ${chainId} or --deployment <file> if that is the chain you mean`,
      { details: { chainId } },
    );
  }
  const code = await callWithRetry(
    'eth_getCode',
    () => clients.publicClient.getCode({ address: out.coordinator }),
    clients.retry,
  );
  if (code === undefined || code === '0x') {
    throw new NodeError(
      'WRONG_CHAIN',
      `no contract at Coordinator address ${out.coordinator} on chain ${chainId} (${clients.rpcUrlShown}); from ${out.source}`,
    );
  }
  return out;
}
