import { useEffect, useRef, useState } from 'react';

/**
 * Chain time now, in unix seconds: the head block's timestamp advanced by the wall-clock time since that head
 * was seen. Deadlines are judged by block timestamps, so countdowns follow the chain, not the browser's clock
 * (on a devnet whose time was warped the two differ by hours).
 */
export function useChainNow(
  head: { blockNumber: bigint; timestampS: number } | undefined,
  tickMs = 1_000,
): number | undefined {
  const seen = useRef<{ block: bigint; atMs: number } | undefined>(undefined);
  const [nowMs, setNowMs] = useState(() => Date.now());
  if (head && seen.current?.block !== head.blockNumber) seen.current = { block: head.blockNumber, atMs: Date.now() };
  useEffect(() => {
    const t = setInterval(() => setNowMs(Date.now()), tickMs);
    return () => clearInterval(t);
  }, [tickMs]);
  if (!head || !seen.current) return undefined;
  return head.timestampS + Math.max(0, Math.floor((nowMs - seen.current.atMs) / 1000));
}
