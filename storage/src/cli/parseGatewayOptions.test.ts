import { describe, expect, it } from 'vitest';
import { parseGatewayOptions, parseHostPort } from './parseGatewayOptions';

describe('parseGatewayOptions', () => {
  it('is off unless --gateway or VERITRAIN_IPFS_GATEWAY is given', () => {
    expect(parseGatewayOptions({}, {})).toBeUndefined();
  });

  it('takes host:port, origins and limits, flags over env twins', () => {
    expect(parseGatewayOptions({ gateway: '127.0.0.1:5174' }, { VERITRAIN_IPFS_GATEWAY: '0.0.0.0:1' })).toEqual({
      host: '127.0.0.1',
      port: 5174,
      allowOrigins: ['*'],
    });
    expect(
      parseGatewayOptions(
        {},
        {
          VERITRAIN_IPFS_GATEWAY: '[::1]:0',
          VERITRAIN_IPFS_GATEWAY_ALLOW_ORIGIN: 'http://127.0.0.1:5173, http://localhost:5173',
          VERITRAIN_IPFS_GATEWAY_MAX_BYTES: '1000',
          VERITRAIN_IPFS_GATEWAY_TIMEOUT_MS: '500',
        },
      ),
    ).toEqual({
      host: '::1',
      port: 0,
      allowOrigins: ['http://127.0.0.1:5173', 'http://localhost:5173'],
      maxBytes: 1000,
      timeoutMs: 500,
    });
  });

  it('names the flag and the expected form on bad input', () => {
    expect(() => parseGatewayOptions({ gateway: '5174' }, {})).toThrow(
      '--gateway: expected host:port (e.g. 127.0.0.1:5174, port 0 = a free port), got "5174"',
    );
    expect(() => parseHostPort('localhost:70000', 'VERITRAIN_IPFS_GATEWAY')).toThrow(
      /VERITRAIN_IPFS_GATEWAY: expected host:port/,
    );
    expect(() => parseGatewayOptions({ gateway: 'a:1', 'gateway-allow-origin': ['http://x/path'] }, {})).toThrow(
      /--gateway-allow-origin: expected \* or an origin/,
    );
    expect(() => parseGatewayOptions({ gateway: 'a:1', 'gateway-max-bytes': '1e6' }, {})).toThrow(
      '--gateway-max-bytes: expected a number of bytes, a positive integer, got "1e6"',
    );
    expect(() => parseGatewayOptions({ 'gateway-timeout-ms': '10' }, {})).toThrow(
      '--gateway-timeout-ms needs --gateway <host:port>',
    );
  });
});
