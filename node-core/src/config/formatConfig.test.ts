import { describe, expect, it } from 'vitest';
import { configForLog, formatConfig, redactUrl } from './formatConfig';
import { defineOptions } from './optionSpec';
import { path, rpcUrl } from './parsers';
import { resolveConfig } from './resolveConfig';

describe('the printed config', () => {
  it('hides credentials in RPC URLs', () => {
    expect(redactUrl('https://user:pw@rpc.example/v3/0123456789abcdef0123456789abcdef?apikey=s3cret')).toBe(
      'https://***:***@rpc.example/v3/***?apikey=***',
    );
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545/');
  });

  it('shows every option with its source and redacts secrets', () => {
    const specs = defineOptions({
      rpcUrl: { description: 'rpc', parse: rpcUrl, default: 'http://127.0.0.1:8545', show: redactUrl },
      token: { description: 'secret', parse: path, show: 'secret' },
      dataDir: { description: 'dir', parse: path },
    });
    const resolved = resolveConfig(specs, {
      flags: { token: 'tok-123' },
      env: { VERITRAIN_RPC_URL: 'https://a:b@x.example' },
    });
    expect(configForLog(specs, resolved)).toEqual({
      'rpc-url': 'https://***:***@x.example/',
      token: '<redacted>',
      'data-dir': '(unset)',
    });
    const text = formatConfig(specs, resolved);
    expect(text).toContain('rpc-url   https://***:***@x.example/  (env)');
    expect(text).toContain('token     <redacted>  (flag)');
    expect(text).not.toContain('tok-123');
  });
});
