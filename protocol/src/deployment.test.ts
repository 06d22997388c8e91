import { describe, expect, it } from 'vitest';
import { parseDeployment } from './deployment';

const good = {
  chainId: 31337,
  startBlock: 0,
  deployer: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  coordinator: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  court: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};

describe('parseDeployment', () => {
  it('returns checksummed addresses and bigint start block', () => {
    const d = parseDeployment(good);
    expect(d.deployer).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(d.startBlock).toBe(0n);
    expect(d.chainId).toBe(31337);
  });

  it('names the field and the value when an address is malformed', () => {
    expect(() => parseDeployment({ ...good, court: '0x1234' }, 'x.json')).toThrow(
      'x.json: "court" must be an address, got "0x1234"',
    );
  });

  it('rejects a negative start block and a non-object', () => {
    expect(() => parseDeployment({ ...good, startBlock: -1 })).toThrow(/"startBlock" must be a non-negative integer/);
    expect(() => parseDeployment(null)).toThrow(/expected a JSON object/);
  });
});
