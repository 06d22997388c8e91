import { toHex, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

/** anvil's default mnemonic: its accounts are well-known devnet keys, never secrets. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** The private key of anvil's default account `index` (0-9 are funded with 10,000 ETH and, by the deploy
 *  script, with genesis reward tokens). Derived, not copied, so it cannot drift from anvil's. */
export function anvilKey(index: number): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for anvil account ${index}`);
  return toHex(key);
}

/** Who signs with which anvil account on the devnet. Each role has its own account so that nonces never
 *  collide and the chain shows who did what. */
export const ROLE_ACCOUNT = {
  deployer: 0,
  firstWorker: 1, // honest workers take 1, 2, …; the adversarial worker the next one (see workerAccount)
  fraudProofer: 5,
  firstValidator: 6, // validators 6, 7, 8
  spare: 9, // staked in the court for votes cast from the dashboard; also the false accuser (--false-accusers 1)
} as const;

/** Workers past the fourth sign with anvil's accounts from this index on (anvil is started with enough of them). */
export const FIRST_EXTRA_WORKER_ACCOUNT = 10;

/**
 * The anvil account of the `i`-th worker (0-based: the honest ones, then the adversary): accounts 1-4 as before,
 * then 10, 11, … (0 deploys, 5-9 are the judges and the page voter). anvil funds every one with 10,000 ETH.
 */
export function workerAccount(i: number): number {
  return i < 4 ? ROLE_ACCOUNT.firstWorker + i : FIRST_EXTRA_WORKER_ACCOUNT + (i - 4);
}

/** How many accounts anvil must create for `workers` workers (its default is 10). */
export function anvilAccountCount(workers: number): number {
  return Math.max(10, FIRST_EXTRA_WORKER_ACCOUNT + Math.max(0, workers - 4));
}
