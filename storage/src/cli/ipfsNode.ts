import { parseArgs } from 'node:util';
import { StorageError } from '../storageError';
import { parseGatewayOptions, type GatewayCliOptions } from './parseGatewayOptions';

const USAGE = `veritrain-ipfs: run a standalone embedded IPFS node (the devnet's common bootstrap peer)

Usage: veritrain-ipfs --dir <path> [--listen <multiaddr>]... [--bootstrap <multiaddr>]... [--gateway <host:port>]

Options (env twins in brackets):
  --dir <path>            node directory: blocks/ and datastore/ (peer key, pins)   [VERITRAIN_IPFS_DIR]
  --listen <multiaddr>    libp2p listen address, repeatable                        [VERITRAIN_IPFS_LISTEN, comma-separated]
                          default /ip4/127.0.0.1/tcp/0; e.g. /ip4/0.0.0.0/tcp/4001 for other hosts
  --bootstrap <multiaddr> peer to connect to (…/p2p/<peer id>), repeatable         [VERITRAIN_IPFS_BOOTSTRAP, comma-separated]
  --gateway <host:port>   also serve a read-only HTTP gateway, GET /ipfs/<cid>        [VERITRAIN_IPFS_GATEWAY]
                          (off by default; e.g. 127.0.0.1:5174, port 0 = a free port)
  --gateway-allow-origin <origin>  page origin allowed to read it (CORS), repeatable [VERITRAIN_IPFS_GATEWAY_ALLOW_ORIGIN]
                          default * (any page: the content is public and verified)
  --gateway-max-bytes <n> largest file served, else 413 (default 67108864)     [VERITRAIN_IPFS_GATEWAY_MAX_BYTES]
  --gateway-timeout-ms <ms>  wait this long for content, else 504 (default 30000) [VERITRAIN_IPFS_GATEWAY_TIMEOUT_MS]
  -h, --help              this text

On start it prints one JSON line on stdout: {"peerId": "...", "multiaddrs": ["/ip4/.../p2p/..."]} (plus
"gateway": "http://host:port" with --gateway); give one of those multiaddrs to every node as its IPFS bootstrap
peer. Logs go to stderr. Ctrl+C (SIGINT) or SIGTERM stops it.

Example:
  veritrain-ipfs --dir .devnet/ipfs --listen /ip4/127.0.0.1/tcp/4001 --gateway 127.0.0.1:5174

Exit codes: 0 stopped cleanly, 2 bad arguments, 5 the node could not start.`;

const splitEnv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: {
    dir?: string;
    listen?: string[];
    bootstrap?: string[];
    gateway?: string;
    'gateway-allow-origin'?: string[];
    'gateway-max-bytes'?: string;
    'gateway-timeout-ms'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        listen: { type: 'string', multiple: true },
        bootstrap: { type: 'string', multiple: true },
        gateway: { type: 'string' },
        'gateway-allow-origin': { type: 'string', multiple: true },
        'gateway-max-bytes': { type: 'string' },
        'gateway-timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`veritrain-ipfs: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = values.dir ?? env.VERITRAIN_IPFS_DIR;
  if (dir === undefined || dir === '') {
    process.stderr.write(`veritrain-ipfs: --dir is required (or VERITRAIN_IPFS_DIR)\n\n${USAGE}\n`);
    return 2;
  }
  const listen = values.listen ?? splitEnv(env.VERITRAIN_IPFS_LISTEN);
  const bootstrap = values.bootstrap ?? splitEnv(env.VERITRAIN_IPFS_BOOTSTRAP);
  let gatewayOptions: GatewayCliOptions | undefined;
  try {
    gatewayOptions = parseGatewayOptions(values, env);
  } catch (err) {
    process.stderr.write(`veritrain-ipfs: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }

  let node: Awaited<ReturnType<typeof import('../embeddedStore').createEmbeddedStore>> | undefined;
  let gateway: Awaited<ReturnType<typeof import('../httpGateway').startHttpGateway>> | undefined;
  try {
    // Loaded only now: Helia and libp2p take seconds to import, which --help and bad flags need not wait for.
    const { createEmbeddedStore } = await import('../embeddedStore');
    node = await createEmbeddedStore({ dir, ...(listen.length > 0 ? { listen } : {}), bootstrap });
    if (gatewayOptions) {
      const { startHttpGateway } = await import('../httpGateway');
      gateway = await startHttpGateway({
        store: node,
        ...gatewayOptions,
        log: (line) => process.stderr.write(`veritrain-ipfs: gateway ${line}\n`),
      });
    }
  } catch (err) {
    await node?.close();
    process.stderr.write(`veritrain-ipfs: ${err instanceof StorageError ? err.message : String(err)}\n`);
    return err instanceof StorageError && err.code === 'UNAVAILABLE' && /multiaddr/.test(err.message) ? 2 : 5;
  }
  process.stdout.write(
    `${JSON.stringify({ peerId: node.peerId, multiaddrs: node.multiaddrs(), ...(gateway ? { gateway: gateway.url } : {}) })}\n`,
  );
  process.stderr.write(
    `veritrain-ipfs: peer ${node.peerId} listening on ${node.multiaddrs().join(' ')} (dir ${dir})\n`,
  );
  if (gateway) process.stderr.write(`veritrain-ipfs: HTTP gateway on ${gateway.url}/ipfs/<cid>\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('veritrain-ipfs: stopping\n');
  await gateway?.close();
  await node.close();
  return 0;
}
