import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, type BackendChoice } from '@veritrain/engine';
import type { RunPresetName } from '@veritrain/node-core';
import { DEVNET_PRESET_NAMES, DEVNET_PRESETS, type PresetTerms } from './devnetPresets';
import { DevnetError } from './devnetError';

export type LogFormat = 'auto' | 'pretty' | 'json';

/**
 * What the adversarial worker does in its lease: `corrupt-step` commits one corrupted step (the dispute proves
 * that step); `huge-manifest` also corrupts that step but publishes a manifest CID naming a 256 MiB DAG instead of
 * its records, so the fraud-proofer must refuse the manifest unread, stay up and dispute the lease as a whole.
 */
export const ADVERSARIAL_FRAUDS = ['corrupt-step', 'huge-manifest'] as const;
export type AdversarialFraud = (typeof ADVERSARIAL_FRAUDS)[number];

/** The node kinds that compute steps, each given its own `--backend`. */
export const BACKEND_ROLES = ['worker', 'fraud-proofer', 'validator'] as const;
export type BackendRole = (typeof BACKEND_ROLES)[number];

export type DevnetOptions = {
  /** anvil's JSON-RPC port on 127.0.0.1. */
  port: number;
  /** The `veritrain-run create --preset` of the demo run; it also picks the run terms' defaults (devnetPresets.ts). */
  preset: RunPresetName;
  honestWorkers: number;
  adversarialWorkers: number;
  /** Demo runs created with the same terms; honest worker i works on run i mod runs, every other node on the first. */
  runs: number;
  /** The step the adversarial worker commits corrupted (in the first lease it takes). */
  adversarialStep: number;
  adversarialFraud: AdversarialFraud;
  fraudProofers: number;
  /** Fraud-proofers that dispute honest submissions with a false claim (they lose their bonds). */
  falseAccusers: number;
  validators: number;
  totalSteps: number;
  stepsPerLease: number;
  leaseDurationS: number;
  challengeWindowS: number;
  commitDurationS: number;
  revealDurationS: number;
  /** Workers spend at least this long per step, so the demo is watchable. */
  throttleStepMs: number;
  /** Metrics ports are this and up, one per node (0: each node picks a free port). */
  metricsBasePort: number;
  /** The dashboard (vite dev server) on 127.0.0.1; 0: no dashboard. */
  dashboardPort: number;
  /** The IPFS hub's libp2p TCP port on 127.0.0.1 (0: a free port). */
  ipfsPort: number;
  /** The hub's read-only HTTP gateway on 127.0.0.1, where the dashboard fetches checkpoints (0: a free port).
   *  Started with the dashboard only: it exists for the dashboard's "Try the model". */
  ipfsGatewayPort: number;
  /** Devnet state: node data dirs, the hub's blockstore, anvil's log. Wiped at start (the chain is new). */
  dataDir: string;
  /** Where the deploy script writes the addresses; the nodes' default is deployments/<chain id>.json. */
  deploymentFile: string;
  logFormat: LogFormat;
  /** The `--backend` each kind of node is started with (workers, the adversary included; fraud-proofers, the
   *  false accuser included; validators). */
  backends: Record<BackendRole, BackendChoice>;
  /** `--threads` of every node: about 8 processes share the machine, so one each does not oversubscribe it. */
  threads: number;
  /** How long the first Ctrl+C waits for the children before SIGKILL. */
  graceMs: number;
};

export const DEFAULT_OPTIONS: DevnetOptions = {
  port: 8545,
  preset: 'mnist-mlp',
  honestWorkers: 2,
  adversarialWorkers: 1,
  runs: 1,
  adversarialStep: 2,
  adversarialFraud: 'corrupt-step',
  fraudProofers: 1,
  falseAccusers: 0,
  validators: 3,
  totalSteps: 200,
  stepsPerLease: 4,
  leaseDurationS: 60,
  challengeWindowS: 30,
  commitDurationS: 30,
  revealDurationS: 30,
  throttleStepMs: 250,
  metricsBasePort: 9464,
  ipfsPort: 0,
  ipfsGatewayPort: 5174,
  dashboardPort: 5173,
  dataDir: '.veritrain/devnet',
  deploymentFile: 'deployments/31337.json',
  logFormat: 'auto',
  backends: { worker: 'auto', 'fraud-proofer': 'auto', validator: 'auto' },
  threads: 1,
  graceMs: 15_000,
};

/** The load the devnet is tested under (issue 12): 3 runs and 10 workers. */
export const MAX_HONEST_WORKERS = 10;
export const MAX_RUNS = 3;

type NumericKey = { [K in keyof DevnetOptions]: DevnetOptions[K] extends number ? K : never }[keyof DevnetOptions];

/** Flag name, option key, smallest and largest value; the env twin is VERITRAIN_DEVNET_<FLAG IN UPPER SNAKE>. */
const NUMERIC: [flag: string, key: NumericKey, min: number, max: number, what: string][] = [
  ['port', 'port', 1, 65535, 'a TCP port'],
  ['workers', 'honestWorkers', 0, MAX_HONEST_WORKERS, 'a number of honest workers'],
  ['adversarial', 'adversarialWorkers', 0, 1, 'a number of adversarial workers'],
  ['runs', 'runs', 1, MAX_RUNS, 'a number of runs'],
  ['adversarial-step', 'adversarialStep', 1, 1_000_000, 'a step number'],
  ['fraud-proofers', 'fraudProofers', 0, 1, 'a number of fraud-proofers'],
  ['false-accusers', 'falseAccusers', 0, 1, 'a number of false accusers'],
  ['validators', 'validators', 0, 3, 'a number of validators'],
  ['steps', 'totalSteps', 1, 1_000_000, 'a number of steps'],
  ['steps-per-lease', 'stepsPerLease', 1, 1_000, 'a number of steps'],
  ['lease-duration-s', 'leaseDurationS', 1, 86_400, 'seconds'],
  ['challenge-window-s', 'challengeWindowS', 1, 86_400, 'seconds'],
  ['commit-duration-s', 'commitDurationS', 1, 86_400, 'seconds'],
  ['reveal-duration-s', 'revealDurationS', 1, 86_400, 'seconds'],
  ['throttle-step-ms', 'throttleStepMs', 0, 60_000, 'milliseconds'],
  ['metrics-base-port', 'metricsBasePort', 0, 65_000, 'a TCP port (0: free ports)'],
  ['dashboard-port', 'dashboardPort', 0, 65535, 'a TCP port (0: no dashboard)'],
  ['ipfs-port', 'ipfsPort', 0, 65535, 'a TCP port (0: a free port)'],
  ['ipfs-gateway-port', 'ipfsGatewayPort', 0, 65535, 'a TCP port (0: a free port)'],
  ['threads', 'threads', 1, 256, 'a number of threads'],
  ['grace-ms', 'graceMs', 100, 600_000, 'milliseconds'],
];

const TERM_FLAGS: [key: keyof PresetTerms, flag: string][] = [
  ['totalSteps', 'steps'],
  ['stepsPerLease', 'steps-per-lease'],
  ['leaseDurationS', 'lease-duration-s'],
  ['challengeWindowS', 'challenge-window-s'],
  ['commitDurationS', 'commit-duration-s'],
  ['revealDurationS', 'reveal-duration-s'],
  ['throttleStepMs', 'throttle-step-ms'],
];

/** The USAGE lines of the presets that change a default, generated so that they cannot drift from the table. */
function presetDefaultsHelp(): string {
  return DEVNET_PRESET_NAMES.filter((name) => Object.keys(DEVNET_PRESETS[name].terms).length > 0)
    .map((name) => {
      const terms = DEVNET_PRESETS[name].terms;
      const set = TERM_FLAGS.filter(([key]) => terms[key] !== undefined).map(
        ([key, flag]) => `--${flag} ${terms[key]}`,
      );
      return `${' '.repeat(32)}${name}: ${set.join(', ')}`;
    })
    .join('\n');
}

export const USAGE = `npm start [-- <flags>]   (or: veritrain-devnet <flags>)

Starts anvil, deploys the contracts, creates a demo run (MNIST unless --preset), starts the IPFS hub, then
the nodes as child processes: honest workers, an adversarial worker, a fraud-proofer and validators. Ctrl+C
stops everything (a second Ctrl+C kills at once). Every flag has an env twin VERITRAIN_DEVNET_<FLAG>, e.g.
VERITRAIN_DEVNET_STEPS.

  --port <port>               anvil JSON-RPC port on 127.0.0.1          (8545)
  --preset <name>             the demo run's model and data: ${DEVNET_PRESET_NAMES.join(', ')} (mnist-mlp);
                              a preset changes the defaults marked *:
${presetDefaultsHelp()}
  --workers <n>               honest workers, 0-10; worker i works on run i mod --runs (2)
  --adversarial <n>           adversarial workers, 0 or 1 (on the first run) (1)
  --runs <n>                  demo runs with the same terms, 1-3; the fraud-proofers watch the first (1)
  --adversarial-step <n>      the step the adversarial worker corrupts  (2)
  --adversarial-fraud <kind>  corrupt-step, or huge-manifest: it also publishes a manifest CID naming a
                              256 MiB DAG, refused unread by the fraud-proofer (corrupt-step)
  --fraud-proofers <n>        0 or 1                                    (1)
  --false-accusers <n>        0 or 1: a fraud-proofer that disputes honest work (loses its bonds) (0)
  --validators <n>            0-3                                       (3)
  --steps <n>                 total steps of the demo run               (200*)
  --steps-per-lease <k>       steps per lease                           (4)
  --lease-duration-s <s>      time to submit a lease                    (60*)
  --challenge-window-s <s>    time to dispute a submission              (30*)
  --commit-duration-s <s>     court commit phase                        (30*)
  --reveal-duration-s <s>     court reveal phase                        (30*)
  --throttle-step-ms <ms>     minimum time per step, to make it watchable (250*)
  --metrics-base-port <port>  first metrics port, one per node; 0 = free ports (9464)
  --dashboard-port <port>     the dashboard on 127.0.0.1; 0 = no dashboard (5173)
  --ipfs-port <port>          IPFS hub libp2p port; 0 = a free port     (0)
  --ipfs-gateway-port <port>  the hub's HTTP gateway for the dashboard's "Try the model", started with the
                              dashboard; 0 = a free port                (5174)
  --data-dir <dir>            devnet state, wiped at start              (.veritrain/devnet)
  --deployment-file <path>    addresses, under deployments/             (deployments/31337.json)
  --log-format <f>            auto, pretty or json for the nodes' logs  (auto: pretty on a terminal)
  --backend <name>            every node's engine backend: auto, ref, native or wasm (auto)
  --worker-backend <name>     the workers' backend, over --backend      (--backend)
  --fraud-proofer-backend <name>  the fraud-proofers' backend           (--backend)
  --validator-backend <name>  the validators' backend                   (--backend)
  --threads <n>               every node's --threads (the native backend's threads) (1)
  --grace-ms <ms>             wait this long on Ctrl+C before SIGKILL   (15000)
  -h, --help

Exit codes: 0 stopped cleanly; 1 a process failed (named in the output); 2 bad flags; 130 a second Ctrl+C.`;

const envName = (flag: string) => `VERITRAIN_DEVNET_${flag.toUpperCase().replaceAll('-', '_')}`;

/** Flags > env twins > defaults; every value checked, the message naming where it came from. */
export function parseDevnetOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DevnetOptions | 'help' {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [flag] of NUMERIC) spec[flag] = { type: 'string' };
  for (const flag of [
    'preset',
    'adversarial-fraud',
    'data-dir',
    'deployment-file',
    'log-format',
    'backend',
    ...BACKEND_ROLES.map((r) => `${r}-backend`),
  ]) {
    spec[flag] = { type: 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new DevnetError('INVALID_OPTION', (err as Error).message);
  }
  if (values.help) return 'help';
  const pick = (flag: string): [string, string] | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return [`--${flag}`, v];
    const e = env[envName(flag)];
    return e !== undefined && e !== '' ? [envName(flag), e] : undefined;
  };
  // The preset first: it picks the defaults that the numeric flags then override.
  const preset = pick('preset');
  if (preset && !(DEVNET_PRESET_NAMES as string[]).includes(preset[1])) {
    throw new DevnetError(
      'INVALID_OPTION',
      `${preset[0]}: expected one of the run presets ${DEVNET_PRESET_NAMES.join(', ')}, got ${JSON.stringify(preset[1])}`,
    );
  }
  const presetName = (preset?.[1] ?? DEFAULT_OPTIONS.preset) as RunPresetName;
  const out: DevnetOptions = { ...DEFAULT_OPTIONS, ...DEVNET_PRESETS[presetName].terms, preset: presetName };
  for (const [flag, key, min, max, what] of NUMERIC) {
    const given = pick(flag);
    if (!given) continue;
    const [source, text] = given;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new DevnetError(
        'INVALID_OPTION',
        `${source}: expected ${what}, an integer from ${min} to ${max}, got ${JSON.stringify(text)}`,
      );
    }
    out[key] = n;
  }
  const fraud = pick('adversarial-fraud');
  if (fraud) {
    if (!(ADVERSARIAL_FRAUDS as readonly string[]).includes(fraud[1])) {
      throw new DevnetError(
        'INVALID_OPTION',
        `${fraud[0]}: expected ${ADVERSARIAL_FRAUDS.join(' or ')}, got ${JSON.stringify(fraud[1])}`,
      );
    }
    out.adversarialFraud = fraud[1] as AdversarialFraud;
  }
  const dataDir = pick('data-dir');
  if (dataDir) out.dataDir = dataDir[1];
  const deploymentFile = pick('deployment-file');
  if (deploymentFile) out.deploymentFile = deploymentFile[1];
  const logFormat = pick('log-format');
  if (logFormat) {
    if (!['auto', 'pretty', 'json'].includes(logFormat[1])) {
      throw new DevnetError(
        'INVALID_OPTION',
        `${logFormat[0]}: expected auto, pretty or json, got ${JSON.stringify(logFormat[1])}`,
      );
    }
    out.logFormat = logFormat[1] as LogFormat;
  }
  const backend = (flag: string): BackendChoice | undefined => {
    const given = pick(flag);
    if (!given) return undefined;
    if (!(BACKEND_CHOICES as readonly string[]).includes(given[1])) {
      throw new DevnetError(
        'INVALID_OPTION',
        `${given[0]}: expected one of ${BACKEND_CHOICES.join(', ')}, got ${JSON.stringify(given[1])}`,
      );
    }
    return given[1] as BackendChoice;
  };
  // A role's own flag (or its env twin) wins over --backend (or its env twin), which wins over auto.
  const all = backend('backend');
  out.backends = Object.fromEntries(
    BACKEND_ROLES.map((r) => [r, backend(`${r}-backend`) ?? all ?? DEFAULT_OPTIONS.backends[r]]),
  ) as DevnetOptions['backends'];
  if (out.honestWorkers + out.adversarialWorkers === 0) {
    throw new DevnetError('INVALID_OPTION', '--workers and --adversarial: expected at least one worker, got none');
  }
  if (out.runs > 1 && out.honestWorkers < out.runs) {
    throw new DevnetError(
      'INVALID_OPTION',
      `--runs ${out.runs}: expected at least one honest worker per run (--workers ${out.runs} or more), got ${out.honestWorkers}`,
    );
  }
  if (out.stepsPerLease > out.totalSteps) {
    throw new DevnetError(
      'INVALID_OPTION',
      `--steps-per-lease: expected at most --steps (${out.totalSteps}), got ${out.stepsPerLease}`,
    );
  }
  return out;
}
