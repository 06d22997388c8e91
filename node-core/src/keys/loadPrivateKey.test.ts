import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { loadPrivateKey } from './loadPrivateKey';

// anvil's well-known account 1: a devnet key, never a secret.
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const dir = mkdtempSync(join(tmpdir(), 'vt-keys-'));

function keyFile(name: string, content: string, mode = 0o600): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}
function failure(fn: () => unknown): NodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    expect((e as NodeError).code).toBe('INVALID_KEY');
    expect((e as NodeError).exitCode).toBe(2);
    return e as NodeError;
  }
  throw new Error('expected INVALID_KEY');
}

describe('loadPrivateKey', () => {
  it('reads the key from VERITRAIN_PRIVATE_KEY', () => {
    const { account, source } = loadPrivateKey({ env: { VERITRAIN_PRIVATE_KEY: KEY } });
    expect(account.address).toBe(ADDRESS);
    expect(source).toBe('env');
  });

  it('reads the key from a key file with a trailing newline, without 0x too', () => {
    const warnings: string[] = [];
    const { account } = loadPrivateKey({
      env: {},
      keyFile: keyFile('k1', `${KEY.slice(2)}\n`),
      onWarning: (m) => warnings.push(m),
    });
    expect(account.address).toBe(ADDRESS);
    expect(warnings).toEqual([]);
  });

  it('warns when the key file is readable by others, and still uses it', () => {
    const warnings: string[] = [];
    const p = keyFile('k-open', KEY, 0o644);
    expect(loadPrivateKey({ env: {}, keyFile: p, onWarning: (m) => warnings.push(m) }).account.address).toBe(ADDRESS);
    expect(warnings).toEqual([`--key-file ${p}: the key file is readable by others (mode 644); run chmod 600 on it`]);
  });

  it('the account object does not expose the key', () => {
    const { account } = loadPrivateKey({ env: { VERITRAIN_PRIVATE_KEY: KEY } });
    expect(JSON.stringify(account)).not.toContain(KEY.slice(2));
  });

  it('refuses both sources, and neither', () => {
    expect(
      failure(() => loadPrivateKey({ env: { VERITRAIN_PRIVATE_KEY: KEY }, keyFile: keyFile('k2', KEY) })).message,
    ).toBe('give the private key either in VERITRAIN_PRIVATE_KEY or with --key-file, not both');
    expect(failure(() => loadPrivateKey({ env: {} })).message).toBe(
      'a private key is required: set VERITRAIN_PRIVATE_KEY or pass --key-file <path>',
    );
  });

  it('malformed keys get a clear error that never contains the key', () => {
    const cases: [string, RegExp][] = [
      [KEY.slice(0, 40), /got a value of 38 hex-digit positions \(not shown\)$/],
      [`${KEY.slice(0, 65)}z`, /got a value with non-hex characters \(not shown\)$/],
      [`0x${'0'.repeat(64)}`, /got a value outside the secp256k1 key range \(not shown\)$/],
      [`0x${'f'.repeat(64)}`, /got a value outside the secp256k1 key range \(not shown\)$/],
    ];
    for (const [bad, expected] of cases) {
      const e = failure(() => loadPrivateKey({ env: { VERITRAIN_PRIVATE_KEY: bad } }));
      expect(e.message).toMatch(
        /^VERITRAIN_PRIVATE_KEY: expected a secp256k1 private key \(0x followed by 64 hex digits\), /,
      );
      expect(e.message).toMatch(expected);
      expect(e.message).not.toContain(bad.slice(2, 20));
      expect(JSON.stringify(e.details)).not.toContain(bad.slice(2, 20));
    }
  });

  it('a key file that is missing, empty or has several lines', () => {
    expect(failure(() => loadPrivateKey({ env: {}, keyFile: join(dir, 'missing') })).message).toMatch(
      /--key-file .*missing: cannot read the file \(ENOENT\)/,
    );
    expect(failure(() => loadPrivateKey({ env: {}, keyFile: keyFile('empty', '\n') })).message).toMatch(
      /got 0 non-empty lines$/,
    );
    const two = failure(() => loadPrivateKey({ env: {}, keyFile: keyFile('two', `${KEY}\n${KEY}\n`) }));
    expect(two.message).toMatch(/got 2 non-empty lines$/);
    expect(two.message).not.toContain(KEY.slice(2));
  });

  it('a device, a FIFO or a large file as --key-file: refused by kind or size, at once, naming the file and the limit', () => {
    expect(failure(() => loadPrivateKey({ env: {}, keyFile: '/dev/zero' })).message).toBe(
      '--key-file /dev/zero: is a device; expected a regular file of at most 1024 bytes',
    );
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => loadPrivateKey({ env: {}, keyFile: fifo })).message).toContain(
      'is a FIFO; expected a regular file of at most 1024 bytes',
    );
    const big = keyFile('big', `${KEY}\n${' '.repeat(2000)}`);
    expect(failure(() => loadPrivateKey({ env: {}, keyFile: big })).message).toContain(
      'has 2067 bytes; expected a regular file of at most 1024 bytes',
    );
  });

  it('the key itself given as --key-file (with or without 0x, or inside a path) is refused without showing it', () => {
    for (const given of [KEY, KEY.slice(2), `./keys/${KEY}.txt`]) {
      const err = failure(() => loadPrivateKey({ env: {}, keyFile: given }));
      expect(err.message).toContain('got a value that contains a private key (not shown)');
      expect(err.message).not.toContain(KEY.slice(2, 20));
    }
  });
});
