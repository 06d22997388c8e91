/** Exit codes shared by every veritrain node and CLI (documented in docs/nodes.md). */
export const EXIT = {
  /** Done, or stopped cleanly after the first SIGINT/SIGTERM. */
  OK: 0,
  /** A runtime failure the message explains (an unexpected error, a failed transaction). */
  RUNTIME: 1,
  /** Bad usage: unknown or malformed flag, env var, config-file key, or private key; a --backend that cannot load. */
  USAGE: 2,
  /** The chain is unreachable (after retries), or the RPC serves another chain than expected. */
  CHAIN_UNREACHABLE: 3,
  /** A transaction the command needs was reverted by a contract (the message names the custom error). */
  REVERTED: 4,
  /** Content storage failed: content missing, or the store unreachable. */
  STORAGE: 5,
  /** The local state directory cannot be read or written, or holds a corrupt state file. */
  STATE: 6,
  /** A second SIGINT/SIGTERM forced the exit before shutdown finished. */
  FORCED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
