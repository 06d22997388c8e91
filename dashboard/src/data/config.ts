import { parseDeployment, type Deployment } from '@veritrain/protocol';
import { DashboardError } from './errors';

/** Where the dashboard reads from; resolved once at start. */
export type DashboardConfig = {
  rpcUrl: string;
  deployment: Deployment;
  /** Set: read the subgraph over GraphQL instead of indexing events in the browser. */
  subgraphUrl?: string;
  pollIntervalMs: number;
  /** Set: an HTTP gateway (GET <url>/ipfs/<cid>) the "Try the model" panel reads checkpoints from. */
  ipfsGatewayUrl?: string;
};

/** The VITE_* variables the build reads (import.meta.env in the app, a plain object in tests). */
export type DashboardEnv = {
  VITE_RPC_URL?: string;
  /** The deployment JSON itself (as written to deployments/<chainId>.json). */
  VITE_DEPLOYMENT?: string;
  /** Where to fetch the deployment JSON at start when VITE_DEPLOYMENT is not set. */
  VITE_DEPLOYMENT_URL?: string;
  VITE_SUBGRAPH_URL?: string;
  VITE_POLL_INTERVAL_MS?: string;
  /** Base URL of an IPFS HTTP gateway (e.g. veritrain-ipfs --gateway); unset: the model panel says how to enable it. */
  VITE_IPFS_GATEWAY?: string;
  /** Base URL of the training data ("Verify": `<url>/<dataset>/manifest.json` and its shards); default ./datasets. */
  VITE_DATASETS_URL?: string;
};

export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545';
export const DEFAULT_DEPLOYMENT_URL = './deployment.json';

/**
 * Resolves the config: the deployment is inlined at build time (VITE_DEPLOYMENT) or fetched at start, so one
 * static build can be pointed at another chain by replacing deployment.json next to index.html.
 */
export async function loadConfig(
  env: DashboardEnv,
  fetchJson: (url: string) => Promise<unknown> = defaultFetchJson,
): Promise<DashboardConfig> {
  const rpcUrl = env.VITE_RPC_URL || DEFAULT_RPC_URL;
  if (!/^(https?|wss?):\/\//.test(rpcUrl)) {
    throw new DashboardError(
      'INVALID_CONFIG',
      `VITE_RPC_URL must be an http(s) or ws(s) URL, got ${JSON.stringify(rpcUrl)}`,
    );
  }
  let json: unknown;
  let source: string;
  if (env.VITE_DEPLOYMENT) {
    source = 'VITE_DEPLOYMENT';
    try {
      json = JSON.parse(env.VITE_DEPLOYMENT);
    } catch (cause) {
      throw new DashboardError(
        'INVALID_CONFIG',
        'VITE_DEPLOYMENT must be the deployment JSON (deployments/<chainId>.json)',
        { cause },
      );
    }
  } else {
    source = env.VITE_DEPLOYMENT_URL || DEFAULT_DEPLOYMENT_URL;
    try {
      json = await fetchJson(source);
    } catch (cause) {
      throw new DashboardError(
        'INVALID_CONFIG',
        `could not fetch the deployment JSON from ${source}; set VITE_DEPLOYMENT or VITE_DEPLOYMENT_URL`,
        { cause },
      );
    }
  }
  let deployment: Deployment;
  try {
    deployment = parseDeployment(json, source);
  } catch (cause) {
    throw new DashboardError('INVALID_CONFIG', cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const pollIntervalMs = env.VITE_POLL_INTERVAL_MS ? Number(env.VITE_POLL_INTERVAL_MS) : 2_000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 100) {
    throw new DashboardError(
      'INVALID_CONFIG',
      `VITE_POLL_INTERVAL_MS must be a number of milliseconds >= 100, got ${JSON.stringify(env.VITE_POLL_INTERVAL_MS)}`,
    );
  }
  const gateway = ipfsGatewayUrl(env);
  return {
    rpcUrl,
    deployment,
    pollIntervalMs,
    ...(env.VITE_SUBGRAPH_URL ? { subgraphUrl: env.VITE_SUBGRAPH_URL } : {}),
    ...(gateway ? { ipfsGatewayUrl: gateway } : {}),
  };
}

/**
 * VITE_IPFS_GATEWAY as a base URL without a trailing slash (content is at `<url>/ipfs/<cid>`), or undefined when
 * unset. Read on its own too, by the model panel, which is mounted without the config.
 */
export function ipfsGatewayUrl(env: Pick<DashboardEnv, 'VITE_IPFS_GATEWAY'>): string | undefined {
  const value = env.VITE_IPFS_GATEWAY?.trim();
  if (!value) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new DashboardError(
      'INVALID_CONFIG',
      `VITE_IPFS_GATEWAY must be an http(s) URL such as http://127.0.0.1:5174, got ${JSON.stringify(env.VITE_IPFS_GATEWAY)}`,
    );
  }
  return value.replace(/\/+$/, '').replace(/\/ipfs$/, '');
}

export const DEFAULT_DATASETS_URL = './datasets';

/**
 * VITE_DATASETS_URL (default ./datasets, next to index.html: the dev server and `vite build` put the datasets
 * there) as an absolute base URL without a trailing slash, resolved against the page's address.
 */
export function datasetsUrl(env: Pick<DashboardEnv, 'VITE_DATASETS_URL'>, pageUrl: string): string {
  const value = env.VITE_DATASETS_URL?.trim() || DEFAULT_DATASETS_URL;
  let url: URL;
  try {
    url = new URL(value, pageUrl);
  } catch (cause) {
    throw new DashboardError(
      'INVALID_CONFIG',
      `VITE_DATASETS_URL must be a URL or a path such as ./datasets, got ${JSON.stringify(env.VITE_DATASETS_URL)}`,
      { cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DashboardError(
      'INVALID_CONFIG',
      `VITE_DATASETS_URL must be an http(s) URL or a path such as ./datasets, got ${JSON.stringify(env.VITE_DATASETS_URL)}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return await res.json();
}
