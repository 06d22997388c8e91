import { resolve as resolvePath } from 'node:path';
import { parseJsonText } from '@veritrain/protocol';
import { readRegularFile } from '@veritrain/protocol/node';
import { NodeError } from '../errors';
import { redactSecrets } from './formatConfig';
import { envName, flagName, ValueError, type ConfigOf, type OptionSpecs, type RawValue } from './optionSpec';

export type ValueSource = 'flag' | 'env' | 'file' | 'default' | 'unset';

export type ResolvedConfig<S extends OptionSpecs> = {
  values: ConfigOf<S>;
  /** Where each value came from. */
  sources: { [K in keyof S]: ValueSource };
  /** The config file read, if any (absolute path). */
  configFile: string | undefined;
};

export type ResolveConfigParameters = {
  /** Option values commander parsed from the command line (only the flags actually given). */
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** Base for a relative --config path. */
  cwd?: string;
};

/** The config-file option every command has; it is resolved before the others (flag > env). */
export const CONFIG_FLAG = 'config';
export const CONFIG_ENV = envName(CONFIG_FLAG);

/** Keys that must never appear in a config file: secrets come from the environment or a key file. */
const FORBIDDEN_FILE_KEYS = new Set(['private-key', 'privateKey', 'key']);

function show(raw: unknown, secret: boolean): string {
  if (secret) return '<redacted>';
  let s: string;
  if (typeof raw === 'string') s = `'${raw}'`;
  else {
    try {
      s = JSON.stringify(raw) ?? String(raw);
    } catch {
      s = String(raw);
    }
  }
  // A value that failed to parse can still hold a secret (a URL with user:password that is not quite a URL,
  // a key passed where a path was expected): never shown as given.
  s = redactSecrets(s);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** A config file names a few dozen options: 1 MiB is far above any, and keeps /dev/zero or a huge file out. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

function readConfigFile(path: string, where: string): Record<string, unknown> {
  let json: unknown;
  try {
    const bytes = readRegularFile(path, { what: `${where} ${path}`, maxBytes: MAX_CONFIG_FILE_BYTES });
    json = parseJsonText(new TextDecoder().decode(bytes), { source: `config file ${path}`, maxDepth: 8 });
  } catch (cause) {
    throw new NodeError('INVALID_CONFIG', (cause as Error).message, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NodeError(
      'INVALID_CONFIG',
      `config file ${path}: expected a JSON object of option names to values, got ${show(json, false)}`,
    );
  }
  return json as Record<string, unknown>;
}

/**
 * Resolves every option with the precedence flag > env (`VERITRAIN_*`) > config file (`--config`) >
 * default, validating each value with its option's parser. Errors name the flag, env var or file key and
 * what was expected (`--lease-margin-s: expected a positive integer number of seconds, got 'abc'`).
 * Unknown config-file keys are rejected; an empty env var counts as unset.
 */
export function resolveConfig<S extends OptionSpecs>(specs: S, params: ResolveConfigParameters): ResolvedConfig<S> {
  const { flags, env } = params;
  for (const key of Object.keys(flags)) {
    if (key !== CONFIG_FLAG && !(key in specs)) {
      throw new NodeError('INVALID_CONFIG', `--${flagName(key)}: unknown option`);
    }
  }

  let file: Record<string, unknown> = {};
  let configFile: string | undefined;
  const fromFlag = flags[CONFIG_FLAG];
  const fromEnv = env[CONFIG_ENV];
  const configPath =
    typeof fromFlag === 'string' ? fromFlag : fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
  if (configPath !== undefined) {
    const where = typeof fromFlag === 'string' ? `--${CONFIG_FLAG}` : CONFIG_ENV;
    if (configPath.trim() === '')
      throw new NodeError('INVALID_CONFIG', `${where}: expected a path to a JSON file, got ''`);
    configFile = resolvePath(params.cwd ?? process.cwd(), configPath);
    file = readConfigFile(configFile, where);
    const known = Object.keys(specs).map(flagName);
    for (const key of Object.keys(file)) {
      if (FORBIDDEN_FILE_KEYS.has(key)) {
        throw new NodeError(
          'INVALID_CONFIG',
          `config file ${configPath} key "${key}": private keys are not read from config files; use VERITRAIN_PRIVATE_KEY or --key-file`,
        );
      }
      if (!known.includes(key)) {
        throw new NodeError(
          'INVALID_CONFIG',
          `config file ${configPath} key "${key}": unknown option (known: ${known.join(', ')})`,
        );
      }
    }
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const flag = `--${flagName(key)}`;
    const envKey = envName(key);
    const fileKey = flagName(key);
    const secret = spec.show === 'secret';
    let raw: unknown;
    let where: string;
    let source: ValueSource;
    if (flags[key] !== undefined) {
      [raw, where, source] = [flags[key], flag, 'flag'];
    } else if (env[envKey] !== undefined && env[envKey] !== '') {
      [raw, where, source] = [env[envKey], envKey, 'env'];
    } else if (Object.hasOwn(file, fileKey)) {
      [raw, where, source] = [file[fileKey], `config file ${configPath} key "${fileKey}"`, 'file'];
    } else {
      if (spec.default === undefined && spec.required) {
        throw new NodeError(
          'INVALID_CONFIG',
          `${flag}: a value is required (give ${flag}, env ${envKey} or config key "${fileKey}")`,
        );
      }
      values[key] = spec.default;
      sources[key] = spec.default === undefined ? 'unset' : 'default';
      continue;
    }
    try {
      values[key] = spec.parse(raw as RawValue);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      throw new NodeError('INVALID_CONFIG', `${where}: ${e.message}, got ${show(raw, secret)}`, {
        details: { option: fileKey, source, expected: e.expected },
      });
    }
    sources[key] = source;
  }
  return { values: values as ConfigOf<S>, sources: sources as ResolvedConfig<S>['sources'], configFile };
}
