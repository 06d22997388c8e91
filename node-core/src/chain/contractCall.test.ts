import { describe, expect, it } from 'vitest';
import { coordinatorAbi } from '@veritrain/protocol';
import { contractCall, intentKey } from './contractCall';

const COORDINATOR = '0x00000000000000000000000000000000000000c0';

describe('contractCall and intentKey', () => {
  it('carries the checked call as data, with a value only when given', () => {
    const call = contractCall(COORDINATOR, coordinatorAbi, 'acquireLease', [3n], 10n);
    expect(call).toEqual({
      address: COORDINATOR,
      abi: coordinatorAbi,
      functionName: 'acquireLease',
      args: [3n],
      value: 10n,
    });
    expect('value' in contractCall(COORDINATOR, coordinatorAbi, 'withdraw', [])).toBe(false);
  });

  it('keys an intent by its function and first two arguments (the worker e2e tests look for submit:<runId>:<leaseId>)', () => {
    expect(
      intentKey(
        contractCall(COORDINATOR, coordinatorAbi, 'submit', [
          1n,
          7n,
          `0x${'00'.repeat(32)}`,
          `0x${'11'.repeat(32)}`,
          'bafy',
          '0x',
          [],
        ]),
      ),
    ).toBe('submit:1:7');
    expect(intentKey(contractCall(COORDINATOR, coordinatorAbi, 'withdraw', []))).toBe('withdraw:');
  });
});
