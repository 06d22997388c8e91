import { describe, expect, it } from 'vitest';
import { coordinatorAbi } from '@veritrain/protocol';
import type { AbiEvent } from 'viem';
import { eventSignature } from './eventSignature';

const event = (name: string) => coordinatorAbi.find((i) => i.type === 'event' && i.name === name) as AbiEvent;

describe('eventSignature', () => {
  it('marks indexed parameters and spells a struct out as a tuple', () => {
    expect(eventSignature(event('RunCreated'))).toBe(
      'RunCreated(indexed uint256,indexed address,(bytes32,bytes32,uint64,uint64,uint64,uint64,uint96,uint96,uint128,string,string))',
    );
  });

  it('keeps enums as their uint8 ABI type', () => {
    expect(eventSignature(event('DisputeResolved'))).toBe(
      'DisputeResolved(indexed uint256,indexed uint256,indexed uint256,uint8,uint256,uint256,uint256,uint256)',
    );
  });
});
