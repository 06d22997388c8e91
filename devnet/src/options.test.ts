import { describe, expect, it } from 'vitest';
import { RUN_PRESET_NAMES } from '@veritrain/node-core';
import { anvilAccountCount, workerAccount } from './accounts';
import { DEVNET_PRESETS } from './devnetPresets';
import { DEFAULT_OPTIONS, parseDevnetOptions, USAGE, type DevnetOptions } from './options';

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
    expect(() => parseDevnetOptions(['--ipfs-gateway-port', '70000'], {})).toThrow(
      /--ipfs-gateway-port: expected a TCP port \(0: a free port\)/,
    );
  });

  it('starts every node with --backend auto unless told a backend for all of them or for one kind', () => {
    expect(DEFAULT_OPTIONS.backends).toEqual({ worker: 'auto', 'fraud-proofer': 'auto', validator: 'auto' });
    expect(parseDevnetOptions(['--backend', 'ref'], {})).toMatchObject({
      backends: { worker: 'ref', 'fraud-proofer': 'ref', validator: 'ref' },
    });
    // A role's own flag or env twin wins over --backend and its twin.
    const o = parseDevnetOptions(['--backend', 'ref', '--validator-backend', 'wasm'], {
      VERITRAIN_DEVNET_WORKER_BACKEND: 'native',
      VERITRAIN_DEVNET_BACKEND: 'wasm',
    });
    expect(o).toMatchObject({ backends: { worker: 'native', 'fraud-proofer': 'ref', validator: 'wasm' } });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_BACKEND: 'ref' })).toMatchObject({
      backends: { worker: 'ref', 'fraud-proofer': 'ref', validator: 'ref' },
    });
    expect(parseDevnetOptions(['--fraud-proofer-backend', 'ref'], {})).toMatchObject({
      backends: { worker: 'auto', 'fraud-proofer': 'ref', validator: 'auto' },
    });
  });

  it('refuses a backend that is not one, naming the flag or env twin and the choices', () => {
    expect(() => parseDevnetOptions(['--backend', 'gpu'], {})).toThrow(
      'INVALID_OPTION: --backend: expected one of auto, ref, native, wasm, cuda, got "gpu"',
    );
    expect(() => parseDevnetOptions(['--worker-backend', 'ref'], { VERITRAIN_DEVNET_BACKEND: 'gpu' })).toThrow(
      'INVALID_OPTION: VERITRAIN_DEVNET_BACKEND: expected one of auto, ref, native, wasm, cuda, got "gpu"',
    );
    expect(() => parseDevnetOptions([], { VERITRAIN_DEVNET_VALIDATOR_BACKEND: 'Ref' })).toThrow(
      /VERITRAIN_DEVNET_VALIDATOR_BACKEND: expected one of auto, ref, native, wasm, cuda, got "Ref"/,
    );
  });

  it("creates the demo run from --preset (or its env twin), mnist-mlp by default, with that preset's terms under the flags", () => {
    expect(DEFAULT_OPTIONS.preset).toBe('mnist-mlp');
    expect(parseDevnetOptions(['--preset', 'kjv-gpt'], {})).toEqual({ ...DEFAULT_OPTIONS, preset: 'kjv-gpt' });
    const gpt = parseDevnetOptions([], { VERITRAIN_DEVNET_PRESET: 'kjv-gpt-128' });
    expect(gpt).toEqual({ ...DEFAULT_OPTIONS, preset: 'kjv-gpt-128', ...DEVNET_PRESETS['kjv-gpt-128'].terms });
    // A GPT-128 step is slower than the MNIST throttle, and its lease needs more room than MNIST's 60 s.
    expect(gpt).toMatchObject({ throttleStepMs: 0 });
    expect((gpt as DevnetOptions).leaseDurationS).toBeGreaterThan(DEFAULT_OPTIONS.leaseDurationS);
    // An explicit flag or env twin still wins over the preset's default.
    expect(
      parseDevnetOptions(['--preset', 'kjv-gpt-128', '--steps', '40'], { VERITRAIN_DEVNET_LEASE_DURATION_S: '90' }),
    ).toMatchObject({
      preset: 'kjv-gpt-128',
      totalSteps: 40,
      leaseDurationS: 90,
      challengeWindowS: DEVNET_PRESETS['kjv-gpt-128'].terms.challengeWindowS,
    });
    expect(parseDevnetOptions(['--preset', 'mnist-mlp'], { VERITRAIN_DEVNET_PRESET: 'kjv-gpt-128' })).toEqual(
      DEFAULT_OPTIONS,
    );
  });

  it('refuses a preset that is not one, listing the presets', () => {
    expect(() => parseDevnetOptions(['--preset', 'gpt2'], {})).toThrow(
      'INVALID_OPTION: --preset: expected one of the run presets mnist-mlp, kjv-gpt, kjv-gpt-128, kjv-gpt-10m, got "gpt2"',
    );
    expect(() => parseDevnetOptions([], { VERITRAIN_DEVNET_PRESET: 'KJV-GPT' })).toThrow(
      /VERITRAIN_DEVNET_PRESET: expected one of the run presets .*, got "KJV-GPT"/,
    );
    expect(USAGE).toContain('--preset <name>');
    for (const name of RUN_PRESET_NAMES) expect(USAGE).toContain(name);
  });

  it('gives every node one thread unless told --threads (or VERITRAIN_DEVNET_THREADS)', () => {
    expect(DEFAULT_OPTIONS.threads).toBe(1);
    expect(parseDevnetOptions(['--threads', '2'], {})).toMatchObject({ threads: 2 });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_THREADS: '4' })).toMatchObject({ threads: 4 });
    expect(() => parseDevnetOptions(['--threads', '0'], {})).toThrow(
      'INVALID_OPTION: --threads: expected a number of threads, an integer from 1 to 256, got "0"',
    );
  });

  it("picks the adversary's fraud: corrupt-step unless told huge-manifest (or VERITRAIN_DEVNET_ADVERSARIAL_FRAUD)", () => {
    expect(DEFAULT_OPTIONS.adversarialFraud).toBe('corrupt-step');
    expect(parseDevnetOptions(['--adversarial-fraud', 'huge-manifest'], {})).toMatchObject({
      adversarialFraud: 'huge-manifest',
    });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_ADVERSARIAL_FRAUD: 'huge-manifest' })).toMatchObject({
      adversarialFraud: 'huge-manifest',
    });
    expect(() => parseDevnetOptions(['--adversarial-fraud', 'huge'], {})).toThrow(
      'INVALID_OPTION: --adversarial-fraud: expected corrupt-step or huge-manifest, got "huge"',
    );
    expect(USAGE).toContain('--adversarial-fraud <kind>');
  });

  it('answers help', () => {
    expect(parseDevnetOptions(['--help'], {})).toBe('help');
  });

  it('names the flag, the expected range and the bad value', () => {
    expect(() => parseDevnetOptions(['--port', '70000'], {})).toThrow(
      'INVALID_OPTION: --port: expected a TCP port, an integer from 1 to 65535, got "70000"',
    );
    expect(() => parseDevnetOptions([], { VERITRAIN_DEVNET_STEPS: '1e3' })).toThrow(
      /VERITRAIN_DEVNET_STEPS: expected a number of steps/,
    );
    expect(() => parseDevnetOptions(['--log-format', 'xml'], {})).toThrow(
      /--log-format: expected auto, pretty or json, got "xml"/,
    );
  });

  it('takes up to 10 honest workers over up to 3 runs (the load scenario), each on an account of its own', () => {
    expect(parseDevnetOptions(['--workers', '10', '--runs', '3', '--adversarial', '0'], {})).toMatchObject({
      honestWorkers: 10,
      runs: 3,
      adversarialWorkers: 0,
    });
    expect(parseDevnetOptions([], { VERITRAIN_DEVNET_RUNS: '2' })).toMatchObject({ runs: 2 });
    const accounts = Array.from({ length: 11 }, (_, i) => workerAccount(i));
    expect(accounts).toEqual([1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16]);
    expect(anvilAccountCount(11)).toBe(17);
    expect(anvilAccountCount(3)).toBe(10);
  });

  it('refuses an unknown flag, no worker at all, too many workers or runs, a run without a worker, and k above the run length', () => {
    expect(() => parseDevnetOptions(['--wokers', '2'], {})).toThrow(/INVALID_OPTION: .*--wokers/);
    expect(() => parseDevnetOptions(['--workers', '0', '--adversarial', '0'], {})).toThrow(/at least one worker/);
    expect(() => parseDevnetOptions(['--workers', '11'], {})).toThrow(
      /--workers: expected a number of honest workers, an integer from 0 to 10, got "11"/,
    );
    expect(() => parseDevnetOptions(['--runs', '4'], {})).toThrow(
      /--runs: expected a number of runs, an integer from 1 to 3, got "4"/,
    );
    expect(() => parseDevnetOptions(['--runs', '3', '--workers', '2'], {})).toThrow(
      /--runs 3: expected at least one honest worker per run \(--workers 3 or more\), got 2/,
    );
    expect(() => parseDevnetOptions(['--steps', '4', '--steps-per-lease', '8'], {})).toThrow(
      /--steps-per-lease: expected at most --steps \(4\), got 8/,
    );
  });
});
