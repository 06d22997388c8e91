/**
 * One option of a command: the same definition drives the flag (`--rpc-url`), its env twin
 * (`VERITRAIN_RPC_URL`), its config-file key (`"rpc-url"`), validation, the default, `--help` and the
 * printed config. A command's options are a record keyed by the camelCase name commander gives the flag.
 */
export type RawValue = string | number | boolean | null | readonly unknown[] | Record<string, unknown>;

/** Parses one raw value (a string from a flag or env var, any JSON value from a config file). Throws a
 *  `ValueError` whose `expected` completes "expected …". */
export type Parser<T> = (raw: RawValue) => T;

export type OptionSpec<T> = {
  description: string;
  parse: Parser<T>;
  /** Name of the value in `--help`, e.g. "url"; ignored for switches. */
  valueName?: string;
  /** A presence flag (`--json`): no value on the command line; env and file take true/false. */
  switch?: boolean;
  default?: T;
  required?: boolean;
  /** How the value is shown when the resolved config is printed; `'secret'` shows `<redacted>`. */
  show?: 'secret' | ((value: T) => string);
};

// biome-ignore lint/suspicious/noExplicitAny: specs of different value types; OptionSpec<unknown> rejects them (`show` takes T)
export type OptionSpecs = Record<string, OptionSpec<any>>;

/** The typed config a set of options resolves to: options with a default or `required` are always set. */
export type ConfigOf<S extends OptionSpecs> = {
  [K in keyof S]: S[K] extends OptionSpec<infer T>
    ? S[K] extends { default: unknown } | { required: true }
      ? T
      : T | undefined
    : never;
};

/**
 * Thrown by parsers: the resolver adds where the value came from and what it was. An internal signal, not a
 * VeritrainError: it never reaches a user, since resolveConfig turns it into NodeError INVALID_CONFIG, whose
 * message names the flag, env var or config key that the bare "expected …" here cannot.
 */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  constructor(readonly expected: string) {
    super(`expected ${expected}`);
  }
}

/** Identity helper that keeps the literal types of `default` and `required` for `ConfigOf`. */
export function defineOptions<const S extends OptionSpecs>(options: S): S {
  return options;
}

/** `leaseMarginS` → `lease-margin-s` (commander's camelCase of the flag, reversed). */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `leaseMarginS` → `VERITRAIN_LEASE_MARGIN_S`. */
export function envName(key: string): string {
  return `VERITRAIN_${flagName(key).replace(/-/g, '_').toUpperCase()}`;
}
