import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type NodeMetrics = {
  /** The registry every node adds its own metrics to (`new Gauge({ …, registers: [metrics.registry] })`). */
  registry: Registry;
  /** RPC calls retried after a fault, by the operation's label. */
  rpcRetries: Counter<'operation'>;
  /** 1 for the engine backend the node computes with (`backend`: its name; `requested`: what --backend asked for). */
  backendInfo: Gauge<'backend' | 'requested'>;
  /** Wall time of each training step computed, by backend; `rate(…_count)` is steps per second. */
  stepSeconds: Histogram<'backend'>;
};

export type CreateMetricsParameters = {
  /** Prefix of the default process metrics, e.g. "veritrain_worker_". */
  prefix?: string;
  /** Labels added to every series, e.g. { node: 'worker' }. */
  defaultLabels?: Record<string, string>;
};

/** A fresh registry with the default process metrics (CPU, memory, event-loop lag, GC), the RPC retry counter and
 *  the compute metrics (backend, step time). */
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
  const backendInfo = new Gauge({
    name: 'veritrain_backend_info',
    help: 'the engine backend this node computes steps with (always 1)',
    labelNames: ['backend', 'requested'],
    registers: [registry],
  });
  const stepSeconds = new Histogram({
    name: 'veritrain_step_seconds',
    help: 'wall time to compute one training step (forward, backward, update, stateRoot)',
    labelNames: ['backend'],
    // From a small MLP on native kernels (milliseconds) to the GPT on the TypeScript reference (seconds).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { registry, rpcRetries, backendInfo, stepSeconds };
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
