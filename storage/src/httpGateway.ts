import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCid } from './parseCid';
import { isStorageError, StorageError } from './storageError';
import type { ContentStore, StorageErrorCode } from './types';

export interface HttpGatewayOptions {
  /**
   * Where the bytes come from; every `get` is verified against its CID by the store. A store with `getBlock` (the
   * embedded node) also answers single raw blocks (`?format=raw`, `Accept: application/vnd.ipld.raw`): the
   * trustless-gateway form other nodes fetch through (`--ipfs-gateway`), each block checked against its CID.
   */
  store: Pick<ContentStore, 'get'> & { getBlock?: BlockReader };
  /** Interface to listen on. Default 127.0.0.1: the gateway is for a local dashboard unless told otherwise. */
  host?: string;
  /** TCP port; 0 lets the OS pick one (read it from `port` / `url`). */
  port: number;
  /**
   * Origins allowed to read responses from a browser page (CORS). `*` allows any page, which is harmless for
   * public content-addressed data; a list restricts it (the request's Origin is echoed when it is listed).
   * Default `['*']`.
   */
  allowOrigins?: string[];
  /** Refuse content larger than this (413). Default 64 MiB: far above a demo checkpoint, far below memory. */
  maxBytes?: number;
  /** Give up on content that does not arrive within this (504). Default 30,000 ms. */
  timeoutMs?: number;
  /** One line per request, for the CLI's stderr. */
  log?: (line: string) => void;
  /** Open connections at most, all clients together; more are closed at once. Default 256. */
  maxConnections?: number;
  /** Open connections at most from one remote address. Default 32. */
  maxConnectionsPerAddress?: number;
  /** A request's headers must arrive within this (slow-loris). Default 5,000 ms. */
  headersTimeoutMs?: number;
  /** A connection with no traffic for this long is closed (keep-alive included). Default 10,000 ms. */
  idleTimeoutMs?: number;
}

/** One raw block by CID, verified against it (the embedded node's `getBlock`). */
export type BlockReader = (cid: string, options: { signal: AbortSignal; timeoutMs: number }) => Promise<Uint8Array>;

const RAW_BLOCK_TYPE = 'application/vnd.ipld.raw';

export interface HttpGateway {
  /** Base URL, e.g. `http://127.0.0.1:5174`; content is at `${url}/ipfs/<cid>`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, aborts the ones in flight, resolves when the socket is closed. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_GATEWAY_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;
export const DEFAULT_GATEWAY_MAX_CONNECTIONS = 256;
export const DEFAULT_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS = 32;
export const DEFAULT_GATEWAY_HEADERS_TIMEOUT_MS = 5_000;
export const DEFAULT_GATEWAY_IDLE_TIMEOUT_MS = 10_000;

/** HTTP status for each store failure: the client learns whether to retry (504, 503) or not (400, 404, 413). */
const STATUS_OF: Record<StorageErrorCode, number> = {
  INVALID_CID: 400,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  CID_MISMATCH: 502,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/**
 * A read-only HTTP gateway over a ContentStore: `GET /ipfs/<cid>` answers the file's bytes (HEAD the same
 * without a body). Browsers cannot speak libp2p TCP to the embedded nodes, so this is how the dashboard reads
 * checkpoints. It serves only what the store verified against the CID, never writes, and serves no
 * directories, paths inside a CID or IPNS names: a path gateway's other features are not needed here.
 */
export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const host = options.host ?? '127.0.0.1';
  const allowOrigins = options.allowOrigins ?? ['*'];
  const maxBytes = options.maxBytes ?? DEFAULT_GATEWAY_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;
  const inFlight = new Set<AbortController>();

  const cors = (req: IncomingMessage, res: ServerResponse): void => {
    if (allowOrigins.includes('*')) {
      res.setHeader('access-control-allow-origin', '*');
      return;
    }
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && allowOrigins.includes(origin)) res.setHeader('access-control-allow-origin', origin);
  };

  const fail = (res: ServerResponse, status: number, message: string): void => {
    res.statusCode = status;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(`${message}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    cors(req, res);
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.setHeader('access-control-allow-methods', 'GET, HEAD, OPTIONS');
      res.setHeader('access-control-max-age', '86400');
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD, OPTIONS');
      return fail(res, 405, `${req.method} is not supported: this gateway is read-only (GET /ipfs/<cid>)`);
    }
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    const format = new URLSearchParams(query).get('format');
    if (format !== null && format !== 'raw')
      return fail(
        res,
        400,
        `?format=${format} is not supported: expected ?format=raw (one block) or no format (the file)`,
      );
    const rawBlock = format === 'raw' || (req.headers.accept ?? '').includes(RAW_BLOCK_TYPE);
    if (rawBlock && !options.store.getBlock)
      return fail(res, 406, `this gateway serves whole files only, not ${RAW_BLOCK_TYPE} blocks`);
    const match = /^\/ipfs\/([^/]+)\/?$/.exec(path);
    if (!match) return fail(res, 404, `no such path ${JSON.stringify(path)}: expected /ipfs/<cid>`);
    let cid: string;
    try {
      let cidText: string;
      try {
        cidText = decodeURIComponent(match[1]!);
      } catch {
        return fail(res, 400, `the path's %-encoding is malformed: expected /ipfs/<cid>`);
      }
      cid = parseCid(cidText).toString();
    } catch (err) {
      return fail(res, 400, err instanceof Error ? err.message : String(err));
    }

    const controller = new AbortController();
    inFlight.add(controller);
    // A browser that gives up (navigates away, retries) should not keep a fetch running here.
    const onClose = (): void => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    };
    res.once('close', onClose);
    try {
      const bytes = rawBlock
        ? await options.store.getBlock!(cid, { signal: controller.signal, timeoutMs })
        : await options.store.get(cid, { signal: controller.signal, maxBytes, timeoutMs });
      res.statusCode = 200;
      res.setHeader('content-type', rawBlock ? RAW_BLOCK_TYPE : 'application/octet-stream');
      if (rawBlock) res.setHeader('vary', [res.getHeader('vary'), 'Accept'].filter(Boolean).join(', '));
      res.setHeader('content-length', String(bytes.length));
      // The bytes of a CID never change.
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('etag', `"${cid}"`);
      res.setHeader('x-ipfs-path', `/ipfs/${cid}`);
      res.end(req.method === 'HEAD' ? undefined : bytes);
    } catch (err) {
      if (controller.signal.aborted) return;
      if (isStorageError(err)) return fail(res, STATUS_OF[err.code], `${err.code}: ${err.message}`);
      return fail(res, 500, `could not read ${cid}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      inFlight.delete(controller);
      res.off('close', onClose);
    }
  };

  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_GATEWAY_HEADERS_TIMEOUT_MS;
  // Node checks the header deadline only on this interval (30 s by default), so it is tightened with it.
  const server: Server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: 2 * headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
    (req, res) => {
      const startMs = Date.now();
      res.once('finish', () => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - startMs} ms`));
      handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) fail(res, 500, String(err));
        else res.destroy();
      });
    },
  );
  // Bounded connections: a slow-loris client that opens hundreds of sockets and trickles headers gets closed
  // (per address first), and one that stops talking is dropped after the idle timeout.
  const maxConnectionsPerAddress = options.maxConnectionsPerAddress ?? DEFAULT_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS;
  server.maxConnections = options.maxConnections ?? DEFAULT_GATEWAY_MAX_CONNECTIONS;
  server.keepAliveTimeout = Math.min(5_000, options.idleTimeoutMs ?? DEFAULT_GATEWAY_IDLE_TIMEOUT_MS);
  server.setTimeout(options.idleTimeoutMs ?? DEFAULT_GATEWAY_IDLE_TIMEOUT_MS, (socket) => socket.destroy());
  const perAddress = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error): void =>
      reject(
        new StorageError('UNAVAILABLE', `HTTP gateway could not listen on ${host}:${options.port}: ${cause.message}`, {
          cause,
          endpoint: `${host}:${options.port}`,
        }),
      );
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const c of inFlight) c.abort(new Error('gateway closing'));
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
