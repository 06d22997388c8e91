import {
  BaseError,
  HttpRequestError,
  RpcRequestError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
} from 'viem';
import { NodeError } from '../errors';
import { backoffDelayMs } from '../lifecycle/backoff';
import { sleep } from '../lifecycle/sleep';
import { decodeRevert } from './decodeRevert';

export type RetryOptions = {
  /** Retries after the first attempt (so `retries + 1` attempts in all). */
  retries?: number;
  /** First backoff; doubled each retry up to `maxDelayMs`, with ±20 % jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Stops retrying (and waiting) when aborted: the abort reason is thrown. */
  signal?: AbortSignal;
  /** Called before each wait with the attempt that failed (1-based), the wait and a one-line reason. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string; operation: string }) => void;
};

const NODE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function netCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 16; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NODE_NET_CODES.has(code)) return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors)) for (const inner of errors) if (netCode(inner)) return netCode(inner);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Why `err` is a transient RPC fault worth retrying (connection refused or reset, timeout, HTTP 5xx or
 * 429, a closed socket), or `undefined` when it is not: contract reverts and every other JSON-RPC error
 * are final.
 */
export function rpcFaultReason(err: unknown): string | undefined {
  if (decodeRevert(err)) return undefined;
  const code = netCode(err);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code) return `network error ${code}`;
  if (err instanceof BaseError) {
    const fault = err.walk(
      (e) =>
        e instanceof HttpRequestError ||
        e instanceof TimeoutError ||
        e instanceof SocketClosedError ||
        e instanceof WebSocketRequestError ||
        e instanceof RpcRequestError,
    );
    if (fault instanceof TimeoutError) return 'request timed out';
    if (fault instanceof SocketClosedError || fault instanceof WebSocketRequestError) return 'socket closed';
    if (fault instanceof HttpRequestError) {
      if (fault.status === undefined) return 'no response (connection failed)';
      if (fault.status >= 500 || fault.status === 429) return `HTTP ${fault.status}`;
      return undefined;
    }
    if (fault instanceof RpcRequestError && (fault.code === -32005 || fault.code === 429)) return 'rate limited';
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return 'fetch failed';
  return undefined;
}

/**
 * Runs `fn`, retrying RPC faults with exponential backoff; anything else (a revert, a bad request) is
 * thrown at once. After the last attempt the fault becomes a `NodeError('RPC_UNAVAILABLE')` that says what
 * was tried for how long. `operation` names the call in messages and metrics ("getBlockNumber").
 */
export async function callWithRetry<T>(
  operation: string,
  fn: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 5;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8_000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      return await fn();
    } catch (err) {
      // viem converts answers with hexToBigInt/hexToNumber: garbage from the endpoint surfaces as a bare
      // SyntaxError or RangeError. That is the endpoint's fault, said as such, not a crash with a stack.
      if ((err instanceof SyntaxError || err instanceof RangeError) && !(err instanceof BaseError)) {
        throw new NodeError(
          'RPC_INVALID_ANSWER',
          `${operation}: the RPC endpoint answered something that is not a valid JSON-RPC result (${err.message.slice(0, 120)})`,
          {
            cause: err,
            details: { operation },
          },
        );
      }
      const reason = rpcFaultReason(err);
      if (reason === undefined) throw err;
      if (attempt > retries) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        throw new NodeError(
          'RPC_UNAVAILABLE',
          `${operation}: the RPC endpoint is unavailable (${reason}) after ${attempt} attempts over ${seconds} s`,
          { cause: err, details: { operation, attempts: attempt, reason } },
        );
      }
      const delayMs = backoffDelayMs(attempt, { baseDelayMs: base, maxDelayMs: max, jitter: 0.2 });
      options.onRetry?.({ attempt, delayMs, reason, operation });
      await sleep(delayMs, options.signal);
    }
  }
}
