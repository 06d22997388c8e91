import { VeritrainError } from '@veritrain/protocol';
import { DatasetError } from '@veritrain/datasets';
import { EngineError } from '@veritrain/engine';
import { StorageError } from '@veritrain/storage';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { EXIT } from '../exitCodes';
import { exitCodeOf } from './exitCodeOf';

describe('the error classes of the packages a node uses', () => {
  it('all extend VeritrainError, so a CLI catches one base and prints its code', () => {
    const errors = [
      new StorageError('TIMEOUT', 'no provider for bafkrei…', { cid: 'bafkrei…' }),
      new EngineError('CHECKPOINT_MAGIC', 'checkpoint does not start with VTCK'),
      new DatasetError('DATASET_SHARD_HASH_MISMATCH', 'shard 3 hash differs'),
      new NodeError('STATE', 'state file is corrupt'),
    ];
    for (const err of errors) {
      expect(err, err.name).toBeInstanceOf(VeritrainError);
      expect(err, err.name).toBeInstanceOf(Error);
    }
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ['StorageError', 'TIMEOUT'],
      ['EngineError', 'CHECKPOINT_MAGIC'],
      ['DatasetError', 'DATASET_SHARD_HASH_MISMATCH'],
      ['NodeError', 'STATE'],
    ]);
  });

  it('StorageError keeps cid and endpoint and also carries them as details', () => {
    const err = new StorageError('UNAVAILABLE', 'kubo down', { endpoint: 'http://127.0.0.1:5001' });
    expect(err.endpoint).toBe('http://127.0.0.1:5001');
    expect(err.cid).toBeUndefined();
    expect(err.details).toEqual({ endpoint: 'http://127.0.0.1:5001' });
  });
});

describe('exitCodeOf', () => {
  it('maps a NodeError to its own exit code, prefixed by its code', () => {
    expect(exitCodeOf(new NodeError('STATE', 'state file is corrupt'))).toEqual({
      code: EXIT.STATE,
      message: 'STATE: state file is corrupt',
    });
  });

  it('maps a StorageError to the storage exit code', () => {
    expect(exitCodeOf(new StorageError('TIMEOUT', 'no provider for bafkrei…'))).toEqual({
      code: EXIT.STORAGE,
      message: 'STORAGE TIMEOUT: no provider for bafkrei…',
    });
  });

  it('maps an invalid run spec to a usage error', () => {
    expect(exitCodeOf(new EngineError('INVALID_SPEC', 'lr must be > 0'))).toEqual({
      code: EXIT.USAGE,
      message: 'INVALID_SPEC: lr must be > 0',
    });
  });

  it('prints any other VeritrainError as code and message, without a stack', () => {
    const { code, message } = exitCodeOf(new DatasetError('DATASET_SHARD_HASH_MISMATCH', 'shard 3 hash differs'));
    expect(code).toBe(EXIT.RUNTIME);
    expect(message).toBe('DATASET_SHARD_HASH_MISMATCH: shard 3 hash differs');
  });

  it('still prints the stack of an error no package threw on purpose', () => {
    const { code, message } = exitCodeOf(new RangeError('boom'));
    expect(code).toBe(EXIT.RUNTIME);
    expect(message).toMatch(/^unexpected error: RangeError: boom\n\s+at /);
  });
});
