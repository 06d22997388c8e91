import { BACKEND_CHOICES } from '@veritrain/engine';
import { LOG_LEVELS } from '../logging/createLogger';
import { redactSecrets, redactUrl } from './formatConfig';
import { defineOptions } from './optionSpec';
import { address, httpUrl, list, nonNegativeInteger, oneOf, path, port, positiveInteger, rpcUrl } from './parsers';

/** Where the chain is and which contracts to talk to. */
export const chainOptions = defineOptions({
  rpcUrl: {
    description: 'JSON-RPC endpoint of the chain (http(s) or ws(s))',
    valueName: 'url',
    parse: rpcUrl,
    default: 'http://127.0.0.1:8545',
    show: redactUrl,
  },
  chainId: {
    description: 'refuse to start unless the RPC serves this chain id',
    valueName: 'id',
    parse: positiveInteger(),
  },
  deployment: {
    description: 'deployment JSON with the contract addresses (default: deployments/<chain id>.json)',
    valueName: 'path',
    parse: path,
  },
  coordinator: {
    description: 'Coordinator contract address (instead of reading it from --deployment)',
    valueName: 'address',
    parse: address,
  },
  rpcTimeoutMs: {
    description: 'timeout of one RPC request',
    valueName: 'ms',
    parse: positiveInteger('milliseconds'),
    default: 10_000,
  },
  rpcRetries: {
    description: 'retries of an RPC call after a connection, timeout or 5xx fault (exponential backoff)',
    valueName: 'n',
    parse: nonNegativeInteger('retries'),
    default: 5,
  },
});

/** The signing key's file; the key itself may instead come from VERITRAIN_PRIVATE_KEY (never a flag). */
export const keyOptions = defineOptions({
  keyFile: {
    description: 'file holding the private key as 0x-hex (mode 600); or set VERITRAIN_PRIVATE_KEY',
    valueName: 'path',
    parse: path,
    // Shown redacted should the key itself be given as the path (loadPrivateKey then refuses it).
    show: redactSecrets,
  },
});

export const logOptions = defineOptions({
  logLevel: {
    description: 'log level',
    valueName: 'level',
    parse: oneOf(LOG_LEVELS),
    default: 'info',
  },
  logFormat: {
    description: 'log format: pretty on a terminal and JSON lines otherwise (auto), or forced',
    valueName: 'format',
    parse: oneOf(['auto', 'pretty', 'json'] as const),
    default: 'auto',
  },
});

/** The Prometheus endpoint of a long-running node; each node picks its default port. */
export function metricsOptions(defaultPort: number) {
  return defineOptions({
    metricsPort: {
      description: 'port of the Prometheus /metrics endpoint (0: any free port)',
      valueName: 'port',
      parse: port,
      default: defaultPort,
    },
    metricsAddress: {
      description: 'address the metrics endpoint listens on (loopback unless you mean it)',
      valueName: 'host',
      parse: path,
      default: '127.0.0.1',
    },
  });
}

/** The node's crash-safe state directory; each node picks its default. */
export function dataDirOptions(defaultDir: string) {
  return defineOptions({
    dataDir: {
      description: 'directory for the node state that survives restarts',
      valueName: 'dir',
      parse: path,
      default: defaultDir,
    },
  });
}

/** Content storage: a Kubo RPC API, or else an embedded IPFS node (Helia) with its blocks on disk. */
export const storageOptions = defineOptions({
  ipfsApi: {
    description: 'Kubo RPC API URL, e.g. http://127.0.0.1:5001 (default: an embedded IPFS node)',
    valueName: 'url',
    parse: httpUrl,
    show: redactUrl,
  },
  ipfsDir: {
    description: 'directory of the embedded IPFS node (default: <data-dir>/ipfs)',
    valueName: 'dir',
    parse: path,
  },
  ipfsListen: {
    description: 'libp2p listen multiaddrs of the embedded node, comma-separated (default /ip4/127.0.0.1/tcp/0)',
    valueName: 'list',
    parse: list('multiaddrs'),
  },
  ipfsBootstrap: {
    description: 'IPFS peers the embedded node connects to, comma-separated multiaddrs ending in /p2p/<peer id>',
    valueName: 'list',
    parse: list('multiaddrs'),
  },
  ipfsGateway: {
    description:
      "trustless HTTP gateways the embedded node also fetches raw blocks from (each checked against its CID) when its peers are slow, comma-separated base URLs, e.g. a pinning service's gateway or the devnet hub's",
    valueName: 'list',
    parse: (raw) => list('http(s):// gateway URLs')(raw).map((u) => httpUrl(u)),
    show: (urls: string[]) => urls.map(redactUrl).join(','),
  },
  ipfsTimeoutMs: {
    description:
      'timeout of one IPFS get or pin (a worker bounds its parent fetch by its lease instead: docs/nodes.md)',
    valueName: 'ms',
    parse: positiveInteger('milliseconds'),
    default: 60_000,
  },
});

/** The engine backend a node computes steps with; resolved once at start (docs/nodes.md: what auto does). */
export const computeOptions = defineOptions({
  backend: {
    description:
      'kernels to compute steps with: auto (native, else wasm, else ref), ref, native or wasm; all give the same bits',
    valueName: 'name',
    parse: oneOf(BACKEND_CHOICES),
    default: 'auto',
  },
  threads: {
    description: "worker threads of the native backend (default: the backend's own)",
    valueName: 'n',
    parse: positiveInteger('threads'),
  },
  memoryBudgetMib: {
    description:
      "refuse to join a run whose step needs more memory than this, in MiB (default: half the machine's memory)",
    valueName: 'mib',
    parse: positiveInteger('MiB'),
  },
});
