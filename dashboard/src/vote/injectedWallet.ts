import { createWalletClient, custom, type EIP1193Provider } from 'viem';
import { DashboardError } from '../data/errors';
import type { VoteWallet } from './castVote';

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

/** The browser wallet (EIP-1193), after the user granted an account. */
export async function injectedWallet(expectedChainId: number): Promise<VoteWallet> {
  const provider = window.ethereum;
  if (!provider)
    throw new DashboardError(
      'NO_WALLET',
      'no browser wallet found (window.ethereum); install one or use a devnet account',
    );
  const [address] = (await provider.request({ method: 'eth_requestAccounts' })) as string[];
  if (!address) throw new DashboardError('NO_WALLET', 'the browser wallet granted no account');
  const chainId = Number(await provider.request({ method: 'eth_chainId' }));
  if (chainId !== expectedChainId) {
    throw new DashboardError(
      'NO_WALLET',
      `the browser wallet is on chain ${chainId}; switch it to chain ${expectedChainId}, where the contracts are`,
    );
  }
  return createWalletClient({
    account: address as `0x${string}`,
    transport: custom(provider),
  }) as unknown as VoteWallet;
}
