import { SubgraphSourceError } from './subgraphSourceError';

export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}>;

export type PostGraphqlParameters = {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  fetch?: FetchLike;
  timeoutMs?: number;
};

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * One GraphQL request as graph-node serves them (POST, JSON body). Resolves to `data`; rejects with a
 * SubgraphSourceError saying whether the endpoint was unreachable, answered an HTTP error, returned GraphQL
 * `errors`, or returned something that is not a GraphQL answer.
 */
export async function postGraphql({
  url,
  query,
  variables = {},
  fetch: fetchFn = globalThis.fetch as FetchLike,
  timeoutMs = 15_000,
}: PostGraphqlParameters): Promise<Record<string, unknown>> {
  let res: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (cause) {
    throw new SubgraphSourceError('unreachable', `could not reach the subgraph at ${url}: ${firstLine(cause)}`, {
      cause,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    if (!res.ok)
      throw new SubgraphSourceError(
        'http',
        `the subgraph at ${url} answered HTTP ${res.status} ${res.statusText}`.trim(),
        { cause },
      );
    throw new SubgraphSourceError(
      'malformed',
      `the subgraph at ${url} answered something that is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
      { cause },
    );
  }
  const o = (typeof body === 'object' && body !== null ? body : {}) as { data?: unknown; errors?: unknown };
  if (Array.isArray(o.errors) && o.errors.length > 0) {
    const messages = o.errors.map((e) =>
      typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string'
        ? (e as { message: string }).message
        : JSON.stringify(e),
    );
    throw new SubgraphSourceError('graphql', `the subgraph at ${url} answered with errors: ${messages.join('; ')}`);
  }
  if (!res.ok)
    throw new SubgraphSourceError(
      'http',
      `the subgraph at ${url} answered HTTP ${res.status} ${res.statusText}`.trim(),
    );
  if (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data)) {
    throw new SubgraphSourceError('malformed', `the subgraph at ${url} answered without a "data" object`);
  }
  return o.data as Record<string, unknown>;
}
