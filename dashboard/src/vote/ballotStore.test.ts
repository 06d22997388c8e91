import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { forgetBallot, loadBallot, newSalt, saveBallot, type KeyValueStorage } from './ballotStore';

const memory = (): KeyValueStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};
const key = {
  chainId: 31337,
  court: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' as Address,
  disputeId: 3n,
  voter: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc' as Address,
};

describe('ballot store', () => {
  it('keeps a ballot per chain, court, dispute and voter, whatever the address case', () => {
    const s = memory();
    const salt = newSalt();
    saveBallot(s, key, { vote: 'honest', salt });
    expect(loadBallot(s, { ...key, voter: key.voter.toLowerCase() as Address })).toEqual({ vote: 'honest', salt });
    expect(loadBallot(s, { ...key, disputeId: 4n })).toBeUndefined();
    forgetBallot(s, key);
    expect(loadBallot(s, key)).toBeUndefined();
  });

  it('draws fresh 32-byte salts and ignores a corrupted entry', () => {
    expect(newSalt()).toMatch(/^0x[0-9a-f]{64}$/);
    expect(newSalt()).not.toBe(newSalt());
    const s = memory();
    saveBallot(s, key, { vote: 'fraud', salt: newSalt() });
    const [k] = [...s.map.keys()];
    s.map.set(k!, '{"vote":"maybe","salt":"0x01"}');
    expect(loadBallot(s, key)).toBeUndefined();
  });
});
