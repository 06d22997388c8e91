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
};

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
 * chain); then checks that code is deployed at the coordinator address, so a wrong chain or a stale
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
    let d;
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
      throw new NodeError('WRONG_CHAIN', `${flag} is for chain ${d.chainId}, but ${clients.rpcUrlShown} serves chain ${chainId}`);
    }
    out = { coordinator: d.coordinator, court: d.court, token: d.token, startBlock: d.startBlock, source: file };
  }
  const code = await callWithRetry('eth_getCode', () => clients.publicClient.getCode({ address: out.coordinator }), clients.retry);
  if (code === undefined || code === '0x') {
    throw new NodeError(
      'WRONG_CHAIN',
      `no contract at Coordinator address ${out.coordinator} on chain ${chainId} (${clients.rpcUrlShown}); from ${out.source}`,
    );
  }
  return out;
}
