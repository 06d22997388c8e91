import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export type NodeMetrics = {
  /** The registry every node adds its own metrics to (`new Gauge({ …, registers: [metrics.registry] })`). */
  registry: Registry;
  /** RPC calls retried after a fault, by the operation's label. */
  rpcRetries: Counter<'operation'>;
};

export type CreateMetricsParameters = {
  /** Prefix of the default process metrics, e.g. "veritrain_worker_". */
  prefix?: string;
  /** Labels added to every series, e.g. { node: 'worker' }. */
  defaultLabels?: Record<string, string>;
};

/** A fresh registry with the default process metrics (CPU, memory, event-loop lag, GC) and the RPC retry counter. */
export function createMetrics(params: CreateMetricsParameters = {}): NodeMetrics {
  const registry = new Registry();
  if (params.defaultLabels) registry.setDefaultLabels(params.defaultLabels);
  collectDefaultMetrics({ register: registry, prefix: params.prefix ?? 'veritrain_' });
  const rpcRetries = new Counter({
    name: 'veritrain_rpc_retries_total',
    help: 'RPC calls retried after a connection, timeout or 5xx fault',
    labelNames: ['operation'],
    registers: [registry],
  });
  return { registry, rpcRetries };
}

export type MetricsServer = {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string;
  port: number;
  close(): Promise<void>;
};

export type StartMetricsServerParameters = {
  registry: Registry;
  /** 0 picks a free port. */
  port: number;
  /** Loopback by default: metrics are for a local Prometheus or an SSH tunnel, not the internet. */
  host?: string;
};

/** Serves `GET /metrics` (Prometheus text exposition) from `registry`; everything else is 404. */
export async function startMetricsServer(params: StartMetricsServerParameters): Promise<MetricsServer> {
  const host = params.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /metrics\n');
      return;
    }
    params.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': params.registry.contentType }).end(body),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(params.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
