/** What `--gateway*` flags resolve to: the listen address and limits of the HTTP gateway. */
export type GatewayCliOptions = {
  host: string;
  port: number;
  allowOrigins: string[];
  maxBytes?: number;
  timeoutMs?: number;
};

type GatewayFlags = {
  gateway?: string;
  'gateway-allow-origin'?: string[];
  'gateway-max-bytes'?: string;
  'gateway-timeout-ms'?: string;
};

const splitEnv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `host:port` or `[v6]:port`, port 0…65535 (0 = a free port). */
export function parseHostPort(text: string, source: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new Error(
      `${source}: expected host:port (e.g. 127.0.0.1:5174, port 0 = a free port), got ${JSON.stringify(text)}`,
    );
  return { host: (m[1] ?? m[2])!, port };
}

function positiveInteger(text: string, source: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new Error(`${source}: expected ${what}, a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * Flags over env twins; undefined when no gateway is asked for (it is opt-in). Throws an Error naming the flag
 * or variable and what was expected.
 */
export function parseGatewayOptions(flags: GatewayFlags, env: NodeJS.ProcessEnv): GatewayCliOptions | undefined {
  const pick = (flag: keyof GatewayFlags & string, envName: string): [string, string] | undefined => {
    const v = flags[flag];
    if (typeof v === 'string') return [`--${flag}`, v];
    const e = env[envName];
    return e !== undefined && e !== '' ? [envName, e] : undefined;
  };
  const address = pick('gateway', 'VERITRAIN_IPFS_GATEWAY');
  const origins = flags['gateway-allow-origin'] ?? splitEnv(env.VERITRAIN_IPFS_GATEWAY_ALLOW_ORIGIN);
  const maxBytes = pick('gateway-max-bytes', 'VERITRAIN_IPFS_GATEWAY_MAX_BYTES');
  const timeoutMs = pick('gateway-timeout-ms', 'VERITRAIN_IPFS_GATEWAY_TIMEOUT_MS');
  if (!address) {
    const stray = flags['gateway-allow-origin']
      ? '--gateway-allow-origin'
      : flags['gateway-max-bytes']
        ? '--gateway-max-bytes'
        : flags['gateway-timeout-ms']
          ? '--gateway-timeout-ms'
          : undefined;
    if (stray) throw new Error(`${stray} needs --gateway <host:port>`);
    return undefined;
  }
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `--gateway-allow-origin: expected * or an origin such as http://127.0.0.1:5173 (scheme, host, port; no path), got ${JSON.stringify(origin)}`,
      );
    }
  }
  return {
    ...parseHostPort(address[1], address[0]),
    allowOrigins: origins.length > 0 ? origins : ['*'],
    ...(maxBytes ? { maxBytes: positiveInteger(maxBytes[1], maxBytes[0], 'a number of bytes') } : {}),
    ...(timeoutMs ? { timeoutMs: positiveInteger(timeoutMs[1], timeoutMs[0], 'milliseconds') } : {}),
  };
}
