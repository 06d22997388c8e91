import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../../errors';
import { specFromConfig } from './handler';

type CreateConfig = Parameters<typeof specFromConfig>[0];

const dir = mkdtempSync(join(tmpdir(), 'vt-create-spec-'));
const withSpec = (spec: string) => ({ spec, preset: 'mnist-mlp' }) as unknown as CreateConfig;

function refusal(spec: string): NodeError {
  try {
    specFromConfig(withSpec(spec), dir);
  } catch (e) {
    if (e instanceof NodeError) return e;
    throw e;
  }
  throw new Error(`expected --spec ${spec} to be refused`);
}

describe('run create --spec on hostile files', () => {
  it('refuses /dev/zero, a FIFO and JSON nested deeper than a spec is, naming the file and the limit', () => {
    expect(refusal('/dev/zero').message).toBe(
      '--spec /dev/zero: is a device; expected a regular file of at most 65536 bytes',
    );
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(refusal('fifo').message).toBe('--spec fifo: is a FIFO; expected a regular file of at most 65536 bytes');
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    expect(refusal('deep.json').message).toMatch(/^--spec deep\.json: JSON nested deeper than 8 levels/);
    for (const err of [refusal('/dev/zero'), refusal('deep.json')]) expect(err.code).toBe('INVALID_CONFIG');
  });
});
