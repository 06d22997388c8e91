import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { defineOptions } from './optionSpec';
import { address, amountWei, boolean, oneOf, positiveInteger, rpcUrl } from './parsers';
import { resolveConfig } from './resolveConfig';

const specs = defineOptions({
  rpcUrl: { description: 'rpc', parse: rpcUrl, default: 'http://127.0.0.1:8545' },
  leaseMarginS: { description: 'margin', parse: positiveInteger('seconds'), default: 30 },
  coordinator: { description: 'address', parse: address },
  mode: { description: 'mode', parse: oneOf(['honest', 'adversarial'] as const), required: true },
  bondWei: { description: 'bond', parse: amountWei(10n ** 30n), default: 1n },
  json: { description: 'json', switch: true, parse: boolean, default: false },
  apiToken: { description: 'a secret', parse: rpcUrl, show: 'secret' },
});

const dir = mkdtempSync(join(tmpdir(), 'vt-config-'));
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
function fails(fn: () => unknown): NodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    return e as NodeError;
  }
  throw new Error('expected a NodeError');
}

describe('resolveConfig precedence', () => {
  const cfg = file('all.json', {
    'rpc-url': 'http://file:1',
    'lease-margin-s': 7,
    mode: 'honest',
    'bond-wei': '2ether',
  });

  it('uses a flag over env, env over the file, the file over the default', () => {
    const r = resolveConfig(specs, {
      flags: { rpcUrl: 'http://flag:1', config: cfg },
      env: { VERITRAIN_RPC_URL: 'http://env:1', VERITRAIN_LEASE_MARGIN_S: '9' },
    });
    expect(r.values.rpcUrl).toBe('http://flag:1');
    expect(r.values.leaseMarginS).toBe(9);
    expect(r.values.mode).toBe('honest');
    expect(r.values.bondWei).toBe(2n * 10n ** 18n);
    expect(r.values.json).toBe(false);
    expect(r.values.coordinator).toBeUndefined();
    expect(r.sources).toMatchObject({
      rpcUrl: 'flag',
      leaseMarginS: 'env',
      mode: 'file',
      bondWei: 'file',
      json: 'default',
      coordinator: 'unset',
    });
    expect(r.configFile).toBe(cfg);
  });

  it('reads the config file named by VERITRAIN_CONFIG, and a --config flag wins over it', () => {
    const other = file('other.json', { mode: 'adversarial' });
    expect(resolveConfig(specs, { flags: {}, env: { VERITRAIN_CONFIG: other } }).values.mode).toBe('adversarial');
    expect(resolveConfig(specs, { flags: { config: cfg }, env: { VERITRAIN_CONFIG: other } }).values.mode).toBe(
      'honest',
    );
  });

  it('treats an empty env var as unset', () => {
    const r = resolveConfig(specs, { flags: { mode: 'honest' }, env: { VERITRAIN_LEASE_MARGIN_S: '' } });
    expect(r.values.leaseMarginS).toBe(30);
    expect(r.sources.leaseMarginS).toBe('default');
  });

  it('takes switches from env as true/false', () => {
    expect(resolveConfig(specs, { flags: { mode: 'honest' }, env: { VERITRAIN_JSON: 'true' } }).values.json).toBe(true);
    expect(
      resolveConfig(specs, { flags: { mode: 'honest', json: true }, env: { VERITRAIN_JSON: 'false' } }).values.json,
    ).toBe(true);
  });
});

describe('resolveConfig errors name the source and what was expected', () => {
  it('a bad flag value', () => {
    const e = fails(() => resolveConfig(specs, { flags: { mode: 'honest', leaseMarginS: 'abc' }, env: {} }));
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe("--lease-margin-s: expected a positive integer number of seconds, got 'abc'");
  });

  it('a bad env value', () => {
    const e = fails(() => resolveConfig(specs, { flags: { mode: 'honest' }, env: { VERITRAIN_COORDINATOR: '0x12' } }));
    expect(e.message).toBe("VERITRAIN_COORDINATOR: expected an address (0x followed by 40 hex digits), got '0x12'");
  });

  it('a bad config-file value', () => {
    const p = file('bad-value.json', { mode: 'lazy' });
    const e = fails(() => resolveConfig(specs, { flags: { config: p }, env: {} }));
    expect(e.message).toBe(`config file ${p} key "mode": expected one of 'honest', 'adversarial', got 'lazy'`);
  });

  it('a JSON value of the wrong type in the file', () => {
    const p = file('bad-type.json', { mode: 'honest', 'lease-margin-s': [1] });
    expect(fails(() => resolveConfig(specs, { flags: { config: p }, env: {} })).message).toBe(
      `config file ${p} key "lease-margin-s": expected a positive integer number of seconds, got [1]`,
    );
  });

  it('a zero, negative or fractional number of seconds', () => {
    for (const bad of ['0', '-5', '1.5', '1e3', ' ']) {
      expect(
        fails(() => resolveConfig(specs, { flags: { mode: 'honest', leaseMarginS: bad }, env: {} })).message,
      ).toMatch(/^--lease-margin-s: expected a positive integer number of seconds, got /);
    }
  });

  it('an unknown config-file key, listing the known ones', () => {
    const p = file('unknown.json', { mode: 'honest', 'rpc-ulr': 'http://x' });
    expect(fails(() => resolveConfig(specs, { flags: { config: p }, env: {} })).message).toBe(
      `config file ${p} key "rpc-ulr": unknown option (known: rpc-url, lease-margin-s, coordinator, mode, bond-wei, json, api-token)`,
    );
  });

  it('a private key in the config file, pointing at the env var and key file', () => {
    const p = file('key.json', { 'private-key': '0xabc' });
    const e = fails(() => resolveConfig(specs, { flags: { config: p }, env: {} }));
    expect(e.message).toMatch(/private keys are not read from config files; use VERITRAIN_PRIVATE_KEY or --key-file/);
    expect(e.message).not.toContain('0xabc');
  });

  it('a missing required option, naming all three ways to give it', () => {
    expect(fails(() => resolveConfig(specs, { flags: {}, env: {} })).message).toBe(
      '--mode: a value is required (give --mode, env VERITRAIN_MODE or config key "mode")',
    );
  });

  it('a missing, unparsable or non-object config file', () => {
    expect(fails(() => resolveConfig(specs, { flags: { config: join(dir, 'nope.json') }, env: {} })).message).toMatch(
      /^--config \S*nope\.json: cannot read the file \(ENOENT\)/,
    );
    const broken = file('broken.json', '{"mode": ');
    expect(fails(() => resolveConfig(specs, { flags: { config: broken }, env: {} })).message).toMatch(
      /^config file .*broken\.json: expected JSON, got a parse error/,
    );
    const arr = file('array.json', [1, 2]);
    expect(fails(() => resolveConfig(specs, { flags: { config: arr }, env: {} })).message).toMatch(
      /array\.json: expected a JSON object of option names to values, got \[1,2\]/,
    );
    const unreadable = file('unreadable.json', {});
    chmodSync(unreadable, 0o000);
    if (process.getuid?.() !== 0) {
      expect(fails(() => resolveConfig(specs, { flags: { config: unreadable }, env: {} })).message).toMatch(
        /cannot read/,
      );
    }
  });

  it('an unknown flag key', () => {
    expect(fails(() => resolveConfig(specs, { flags: { mode: 'honest', rpcUlr: 'x' }, env: {} })).message).toBe(
      '--rpc-ulr: unknown option',
    );
  });

  it('a secret value is never echoed in the error', () => {
    const e = fails(() =>
      resolveConfig(specs, { flags: { mode: 'honest' }, env: { VERITRAIN_API_TOKEN: 'hunter2-token' } }),
    );
    expect(e.message).toBe('VERITRAIN_API_TOKEN: expected an http(s):// or ws(s):// URL, got <redacted>');
  });
});
