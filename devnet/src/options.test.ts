import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseDevnetOptions } from './options';

describe('parseDevnetOptions', () => {
  it('gives the documented defaults with no flags and no env', () => {
    expect(parseDevnetOptions([], {})).toEqual(DEFAULT_OPTIONS);
  });

  it('takes a flag over its env twin, and the env twin over the default', () => {
    const env = { VERITRAIN_DEVNET_STEPS: '40', VERITRAIN_DEVNET_WORKERS: '3' };
    const o = parseDevnetOptions(['--steps', '64', '--false-accusers', '1'], env);
    expect(o).toMatchObject({ totalSteps: 64, honestWorkers: 3, falseAccusers: 1, port: 8545 });
  });

  it('serves the IPFS gateway on 5174 unless told another port, or 0 for a free one', () => {
    expect(DEFAULT_OPTIONS.ipfsGatewayPort).toBe(5174);
    expect(parseDevnetOptions(['--ipfs-gateway-port', '6001'], {})).toMatchObject({ ipfsGatewayPort: 6001 });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_IPFS_GATEWAY_PORT: '0' })).toMatchObject({ ipfsGatewayPort: 0 });
    expect(() => parseDevnetOptions(['--ipfs-gateway-port', '70000'], {})).toThrow(/--ipfs-gateway-port: expected a TCP port \(0: a free port\)/);
  });

  it('starts every node with --backend auto unless told a backend for all of them or for one kind', () => {
    expect(DEFAULT_OPTIONS.backends).toEqual({ worker: 'auto', 'fraud-proofer': 'auto', validator: 'auto' });
    expect(parseDevnetOptions(['--backend', 'ref'], {})).toMatchObject({ backends: { worker: 'ref', 'fraud-proofer': 'ref', validator: 'ref' } });
    // A role's own flag or env twin wins over --backend and its twin.
    const o = parseDevnetOptions(['--backend', 'ref', '--validator-backend', 'wasm'], { VERITRAIN_DEVNET_WORKER_BACKEND: 'native', VERITRAIN_DEVNET_BACKEND: 'wasm' });
    expect(o).toMatchObject({ backends: { worker: 'native', 'fraud-proofer': 'ref', validator: 'wasm' } });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_BACKEND: 'ref' })).toMatchObject({ backends: { worker: 'ref', 'fraud-proofer': 'ref', validator: 'ref' } });
    expect(parseDevnetOptions(['--fraud-proofer-backend', 'ref'], {})).toMatchObject({ backends: { worker: 'auto', 'fraud-proofer': 'ref', validator: 'auto' } });
  });

  it('refuses a backend that is not one, naming the flag or env twin and the choices', () => {
    expect(() => parseDevnetOptions(['--backend', 'cuda'], {})).toThrow('INVALID_OPTION: --backend: expected one of auto, ref, native, wasm, got "cuda"');
    expect(() => parseDevnetOptions(['--worker-backend', 'ref'], { VERITRAIN_DEVNET_BACKEND: 'gpu' })).toThrow(
      'INVALID_OPTION: VERITRAIN_DEVNET_BACKEND: expected one of auto, ref, native, wasm, got "gpu"',
    );
    expect(() => parseDevnetOptions([], { VERITRAIN_DEVNET_VALIDATOR_BACKEND: 'Ref' })).toThrow(/VERITRAIN_DEVNET_VALIDATOR_BACKEND: expected one of auto, ref, native, wasm, got "Ref"/);
  });

  it('answers help', () => {
    expect(parseDevnetOptions(['--help'], {})).toBe('help');
  });

  it('names the flag, the expected range and the bad value', () => {
    expect(() => parseDevnetOptions(['--port', '70000'], {})).toThrow(
      'INVALID_OPTION: --port: expected a TCP port, an integer from 1 to 65535, got "70000"',
    );
    expect(() => parseDevnetOptions([], { VERITRAIN_DEVNET_STEPS: '1e3' })).toThrow(/VERITRAIN_DEVNET_STEPS: expected a number of steps/);
    expect(() => parseDevnetOptions(['--log-format', 'xml'], {})).toThrow(/--log-format: expected auto, pretty or json, got "xml"/);
  });

  it('refuses an unknown flag, no worker at all, more workers than accounts, and k above the run length', () => {
    expect(() => parseDevnetOptions(['--wokers', '2'], {})).toThrow(/INVALID_OPTION: .*--wokers/);
    expect(() => parseDevnetOptions(['--workers', '0', '--adversarial', '0'], {})).toThrow(/at least one worker/);
    expect(() => parseDevnetOptions(['--workers', '4', '--adversarial', '1'], {})).toThrow(/at most 4 workers in all, got 5|at most 4 workers in all \(anvil accounts 1-4\), got 5/);
    expect(() => parseDevnetOptions(['--steps', '4', '--steps-per-lease', '8'], {})).toThrow(/--steps-per-lease: expected at most --steps \(4\), got 8/);
  });
});
