import { createWalletClient, http, type Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { VoteWallet } from './castVote';

// Anvil's well-known test mnemonic: its accounts are funded on every devnet and worthless anywhere else. The app
// offers them only when the deployment's chainId is anvil's (31337). Loaded lazily: key derivation code stays
// out of the main bundle for people who only watch.
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export const ANVIL_CHAIN_ID = 31337;

export function devnetAccountAddress(index: number): Address {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).address;
}

export function devnetWallet(index: number, rpcUrl: string): VoteWallet {
  const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
  return createWalletClient({
    account,
    chain: {
      id: ANVIL_CHAIN_ID,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    },
    transport: http(rpcUrl),
  }) as VoteWallet;
}
