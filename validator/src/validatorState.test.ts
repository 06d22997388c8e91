import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateStore } from '@veritrain/node-core';
import { validateValidatorState, type ValidatorState } from './validatorState';

describe('validator state', () => {
  it('keeps a committed vote’s salt and round across a restart, so the vote can still be revealed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-val-'));
    const state: ValidatorState = {
      version: 2,
      disputes: [
        {
          disputeId: 7n,
          runId: 1n,
          facts: { submissionId: 3n, step: 5, workerRoot: `0x${'11'.repeat(32)}`, workerLossBits: 7 },
          vote: 1,
          closed: false,
        },
      ],
      ballots: [{ disputeId: 7n, runId: 1n, round: 2, vote: 1, salt: `0x${'5a'.repeat(32)}`, phase: 'committing' }],
    };
    createStateStore({ dir, name: 'validator', validate: validateValidatorState }).save(state);
    expect(createStateStore({ dir, name: 'validator', validate: validateValidatorState }).load()).toEqual(state);
  });

  it('carries a version 1 state over: its ballots were round 0 ones, its skipped disputes stay closed', () => {
    const v1 = {
      version: 1,
      ballots: [{ disputeId: 7n, runId: 1n, vote: 2, salt: `0x${'5a'.repeat(32)}`, phase: 'revealed' }],
      skipped: [3n],
    };
    expect(validateValidatorState(v1)).toEqual({
      version: 2,
      disputes: [
        { disputeId: 7n, runId: 1n, vote: 2, closed: false },
        { disputeId: 3n, runId: 0n, closed: true },
      ],
      ballots: [{ disputeId: 7n, runId: 1n, round: 0, vote: 2, salt: `0x${'5a'.repeat(32)}`, phase: 'revealed' }],
    });
  });

  it('rejects a state file of another shape', () => {
    expect(() => validateValidatorState({ version: 3, disputes: [], ballots: [] })).toThrow(
      'expected a version 2 validator state',
    );
    expect(() => validateValidatorState({ version: 2, ballots: [] })).toThrow('expected a version 2 validator state');
    expect(() => validateValidatorState({ version: 1, ballots: {} })).toThrow('expected a version 2 validator state');
  });
});
