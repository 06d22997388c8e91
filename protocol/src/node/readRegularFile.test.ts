import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import { readDeployment } from './deployment';
import { readRegularFile } from './readRegularFile';

const dir = mkdtempSync(join(tmpdir(), 'veritrain-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, maxBytes = 1024): ProtocolError {
  const started = performance.now();
  try {
    readRegularFile(path, { what: `--config ${path}`, maxBytes });
  } catch (e) {
    expect(performance.now() - started).toBeLessThan(1_000);
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('readRegularFile', () => {
  it('reads a regular file up to its limit', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{"a":1}');
    expect(new TextDecoder().decode(readRegularFile(file, { what: 'x', maxBytes: 7 }))).toBe('{"a":1}');
  });

  it('refuses /dev/zero as a device, naming the file and the limit, without reading it', () => {
    const err = refusal('/dev/zero');
    expect(err.code).toBe('INVALID_FILE');
    expect(err.message).toBe('--config /dev/zero: is a device; expected a regular file of at most 1024 bytes');
  });

  it('refuses a FIFO that nobody writes at once instead of hanging on it', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo).message).toContain('is a FIFO; expected a regular file of at most 1024 bytes');
  });

  it('refuses a sparse 1.5 GiB file by its size, without reading it', () => {
    const sparse = join(dir, 'sparse');
    writeFileSync(sparse, '');
    truncateSync(sparse, 1.5 * 1024 ** 3);
    expect(refusal(sparse).message).toContain(
      `has ${1.5 * 1024 ** 3} bytes; expected a regular file of at most 1024 bytes`,
    );
  });

  it('refuses a directory and names a missing file by its error code', () => {
    expect(refusal(dir).message).toContain('is a directory');
    expect(refusal(join(dir, 'nowhere')).message).toContain('cannot read the file (ENOENT)');
  });

  it('makes readDeployment refuse the same files with INVALID_DEPLOYMENT', () => {
    expect(() => readDeployment('/dev/zero')).toThrow(
      expect.objectContaining({ code: 'INVALID_DEPLOYMENT', message: expect.stringContaining('is a device') }),
    );
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => readDeployment(deep)).toThrow(
      expect.objectContaining({ code: 'INVALID_DEPLOYMENT', message: expect.stringContaining('has 200000 bytes') }),
    );
  });
});
