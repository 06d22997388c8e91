import { ModelError } from './modelError';

/** Where bytes come from, as messages name it: an IPFS gateway, or the server of the training data. */
export type ByteSource = {
  /** Base URL, for messages. */
  url: string;
  /** "the IPFS gateway": in "could not reach the IPFS gateway <url> …". */
  name: string;
  /** "the gateway": in "the gateway has no …". */
  short: string;
  /** Why an answer can be slow from it, for the timeout message. */
  slowBecause: string;
};

export type FetchBytesParameters = {
  url: string;
  /** What the content is, with its name, for messages ("checkpoint bafy…", "dataset shard mnist/train-000.bin"). */
  what: string;
  source: ByteSource;
  /** Refuse anything larger (a hostile server must not make the page buffer gigabytes). */
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
};

/**
 * GET `url` as bytes, every failure a ModelError naming `what` and the source. Callers check what arrives (against
 * a CID, a hash or the chain), so the source need not be trusted.
 */
export async function fetchBytes(p: FetchBytesParameters): Promise<Uint8Array> {
  const { what, source } = p;
  const timeout = AbortSignal.timeout(p.timeoutMs);
  const signal = p.signal ? AbortSignal.any([p.signal, timeout]) : timeout;
  const timedOut = (cause?: unknown) =>
    new ModelError(
      'TIMEOUT',
      `the ${what} did not arrive within ${Math.round(p.timeoutMs / 1000)} s from ${source.url} (${source.slowBecause})`,
      { cause },
    );
  let res: Response;
  try {
    res = await (p.fetchImpl ?? fetch)(p.url, { signal });
  } catch (cause) {
    if (p.signal?.aborted) throw p.signal.reason;
    if (timeout.aborted) throw timedOut(cause);
    throw new ModelError(
      'GATEWAY_UNREACHABLE',
      `could not reach ${source.name} ${source.url} for the ${what}: is it running, and does it allow this page's origin?`,
      { cause },
    );
  }
  if (!res.ok) {
    const head = await readAtMost(res, ERROR_BODY_BYTES).catch(() => ({ bytes: new Uint8Array(0), more: false }));
    const detail = new TextDecoder().decode(head.bytes).trim().split('\n')[0]?.slice(0, 300) ?? '';
    const suffix = detail ? `: ${detail}` : '';
    if (res.status === 504) throw timedOut(new Error(detail));
    if (res.status === 404) throw new ModelError('NOT_FOUND', `${source.short} has no ${what} (HTTP 404)${suffix}`);
    if (res.status === 400 || res.status === 413 || res.status === 502) {
      throw new ModelError('BAD_CONTENT', `${source.short} refused the ${what} (HTTP ${res.status})${suffix}`);
    }
    throw new ModelError('GATEWAY_ERROR', `${source.short} failed on the ${what} (HTTP ${res.status})${suffix}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > p.maxBytes)
    throw new ModelError('BAD_CONTENT', `the ${what} is ${declared} bytes, expected at most ${p.maxBytes}`);
  let read: { bytes: Uint8Array; more: boolean };
  try {
    read = await readAtMost(res, p.maxBytes);
  } catch (cause) {
    if (p.signal?.aborted) throw p.signal.reason;
    if (timeout.aborted) throw timedOut(cause);
    throw new ModelError('GATEWAY_ERROR', `reading the ${what} from ${source.url} failed`, { cause });
  }
  // A chunked answer declares no length: the limit is checked as the bytes stream in, never after buffering them.
  if (read.more)
    throw new ModelError('BAD_CONTENT', `the ${what} is more than ${p.maxBytes} bytes, expected at most ${p.maxBytes}`);
  return read.bytes;
}

/** Of an error answer, only the start is worth reading (it becomes one line of the message). */
const ERROR_BODY_BYTES = 4096;

/**
 * Reads the body as it streams, stopping (and cancelling the rest) as soon as more than `maxBytes` arrived:
 * `more` says the body was longer. Memory stays within `maxBytes` plus one chunk whatever the server sends.
 */
async function readAtMost(res: Response, maxBytes: number): Promise<{ bytes: Uint8Array; more: boolean }> {
  if (res.body === null) return { bytes: new Uint8Array(0), more: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { bytes: new Uint8Array(0), more: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { bytes, more: false };
}
