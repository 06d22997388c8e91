import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateStore } from '@veritrain/node-core';
import { validateValidatorState, type ValidatorState } from './validatorState';

describe('validator state', () => {
  it('keeps a committed vote’s salt across a restart, so the vote can still be revealed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-val-'));
    const state: ValidatorState = {
      version: 1,
      ballots: [{ disputeId: 7n, runId: 1n, vote: 1, salt: `0x${'5a'.repeat(32)}`, phase: 'committing' }],
      skipped: [3n],
    };
    createStateStore({ dir, name: 'validator', validate: validateValidatorState }).save(state);
    expect(createStateStore({ dir, name: 'validator', validate: validateValidatorState }).load()).toEqual(state);
  });

  it('rejects a state file of another shape', () => {
    expect(() => validateValidatorState({ version: 2, ballots: [], skipped: [] })).toThrow('expected a version 1 validator state');
    expect(() => validateValidatorState({ version: 1, ballots: {} })).toThrow('expected a version 1 validator state');
  });
});
