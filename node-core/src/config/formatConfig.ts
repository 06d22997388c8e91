import { flagName, type OptionSpecs } from './optionSpec';
import type { ResolvedConfig } from './resolveConfig';

/** Hides credentials an RPC URL may carry (user:password@, API keys in the path or query). */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username) url.username = '***';
    if (url.password) url.password = '***';
    url.pathname = url.pathname
      .split('/')
      .map((seg) => (/^[A-Za-z0-9_-]{20,}$/.test(seg) ? '***' : seg))
      .join('/');
    for (const k of [...url.searchParams.keys()]) url.searchParams.set(k, '***');
    return url.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return '<redacted>';
  }
}

/**
 * Hides what may be a secret anywhere in a text meant for a human (an error message, a printed value): the
 * user:password part of anything URL-like, valid URL or not, and every run of 64 hex digits (a private key,
 * with or without 0x). For texts that never legitimately hold a 32-byte hex value: command-line errors and
 * values that failed to parse, not logs of state roots.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@?#]*@/g, '$1***@')
    .replace(/(0[xX])?[0-9a-fA-F]{64,}/g, '<redacted>');
}

function display(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** The resolved config as a flat object for a log line, secrets redacted, bigints as decimal strings. */
export function configForLog<S extends OptionSpecs>(specs: S, resolved: ResolvedConfig<S>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = (resolved.values as Record<string, unknown>)[key];
    const shown =
      value === undefined
        ? '(unset)'
        : spec.show === 'secret'
          ? '<redacted>'
          : typeof spec.show === 'function'
            ? spec.show(value)
            : display(value);
    out[flagName(key)] = shown;
  }
  return out;
}

/** The resolved config as aligned text lines (`rpc-url  http://…  (env)`), secrets redacted. */
export function formatConfig<S extends OptionSpecs>(specs: S, resolved: ResolvedConfig<S>): string {
  const shown = configForLog(specs, resolved);
  const width = Math.max(0, ...Object.keys(specs).map((k) => flagName(k).length));
  const lines = Object.keys(specs).map((key) => {
    const source = (resolved.sources as Record<string, string>)[key] ?? 'unset';
    return `  ${flagName(key).padEnd(width)}  ${shown[flagName(key)]}  (${source})`;
  });
  if (resolved.configFile) lines.unshift(`  config file: ${resolved.configFile}`);
  return lines.join('\n');
}
