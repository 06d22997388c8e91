import { bytesToHex, type Address, type Hex } from 'viem';
import type { VoteChoice } from './commitment';

/** What must survive until the reveal: losing the salt means the vote cannot be revealed and is penalized. */
export type SavedBallot = { vote: VoteChoice; salt: Hex };

/** The part of the Web Storage API the store needs (localStorage in the browser, a Map in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type BallotKey = { chainId: number; court: Address; disputeId: bigint; voter: Address };

const keyOf = (k: BallotKey) =>
  `veritrain:ballot:${k.chainId}:${k.court.toLowerCase()}:${k.disputeId}:${k.voter.toLowerCase()}`;

export function newSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}

export function saveBallot(storage: KeyValueStorage, key: BallotKey, ballot: SavedBallot): void {
  storage.setItem(keyOf(key), JSON.stringify(ballot));
}

export function loadBallot(storage: KeyValueStorage, key: BallotKey): SavedBallot | undefined {
  const raw = storage.getItem(keyOf(key));
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as Partial<SavedBallot>;
  if (
    (parsed.vote !== 'fraud' && parsed.vote !== 'honest') ||
    typeof parsed.salt !== 'string' ||
    !/^0x[0-9a-fA-F]{64}$/.test(parsed.salt)
  )
    return undefined;
  return { vote: parsed.vote, salt: parsed.salt as Hex };
}

export function forgetBallot(storage: KeyValueStorage, key: BallotKey): void {
  storage.removeItem(keyOf(key));
}
