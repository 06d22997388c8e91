/** Exit codes of the engine CLI (documented in engine/README.md). */
export const EXIT = {
  /** Done; for `verify`, the claim is correct. */
  OK: 0,
  /** `verify` only: the claim is wrong (stateRoot or loss bits differ, or the step is invalid). */
  CLAIM_REJECTED: 1,
  /** Bad command line: unknown command or flag, missing or malformed flag value. */
  USAGE: 2,
  /** Bad input content: invalid run spec, malformed checkpoint, checkpoint of another run, wrong dataset. */
  INVALID_INPUT: 3,
  /** The step itself is invalid: a value became NaN or ±Infinity (`step`). */
  INVALID_STEP: 4,
  /** A file could not be read or written. */
  IO: 5,
  /** `--backend native` or `wasm` (or its env twin) asks for a backend that cannot load on this machine. */
  BACKEND_UNAVAILABLE: 6,
  /** A bug: anything unexpected (the message says what). */
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
