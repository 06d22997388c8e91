import { statSync } from 'node:fs';
import { readRegularFile } from '@veritrain/protocol/node';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { redactSecrets } from '../config/formatConfig';
import { NodeError } from '../errors';

/** A key file holds 0x and 64 hex digits and a newline; 1 KiB allows comments of whitespace, not /dev/zero. */
export const MAX_KEY_FILE_BYTES = 1024;

export const PRIVATE_KEY_ENV = 'VERITRAIN_PRIVATE_KEY';

export type LoadPrivateKeyParameters = {
  /** `--key-file` (already resolved to an absolute path), if given. */
  keyFile?: string | undefined;
  env: Record<string, string | undefined>;
  /** Told when the key file is readable by group or others; the key is still used. */
  onWarning?: (message: string) => void;
};

export type LoadPrivateKeyReturnType = {
  /** A viem local account: it signs, and it does not carry the key as a readable field. */
  account: PrivateKeyAccount;
  source: 'env' | 'key-file';
};

/** Says what is wrong with a would-be key without ever including the key itself. */
function describeBadKey(raw: string): string {
  const body = raw.startsWith('0x') || raw.startsWith('0X') ? raw.slice(2) : raw;
  if (body.length !== 64) return `a value of ${body.length} hex-digit positions`;
  if (!/^[0-9a-fA-F]+$/.test(body)) return 'a value with non-hex characters';
  return 'a value outside the secp256k1 key range';
}

function toAccount(raw: string, where: string): PrivateKeyAccount {
  const trimmed = raw.trim();
  const body = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  const expected = 'a secp256k1 private key (0x followed by 64 hex digits)';
  if (!/^[0-9a-fA-F]{64}$/.test(body)) {
    throw new NodeError('INVALID_KEY', `${where}: expected ${expected}, got ${describeBadKey(trimmed)} (not shown)`);
  }
  try {
    return privateKeyToAccount(`0x${body.toLowerCase()}`);
  } catch {
    // viem's message could quote the key: drop it, keep only what we say.
    throw new NodeError('INVALID_KEY', `${where}: expected ${expected}, got ${describeBadKey(trimmed)} (not shown)`);
  }
}

/**
 * The node's signing account, from VERITRAIN_PRIVATE_KEY or from `--key-file` (a file holding the 0x-hex
 * key, optionally followed by a newline). Never both. The key is never logged, echoed or put in an error
 * message; a key file readable by group or others is used but warned about.
 */
export function loadPrivateKey(params: LoadPrivateKeyParameters): LoadPrivateKeyReturnType {
  const fromEnv = params.env[PRIVATE_KEY_ENV];
  const hasEnv = fromEnv !== undefined && fromEnv !== '';
  if (hasEnv && params.keyFile !== undefined) {
    throw new NodeError(
      'INVALID_KEY',
      `give the private key either in ${PRIVATE_KEY_ENV} or with --key-file, not both`,
    );
  }
  if (hasEnv) return { account: toAccount(fromEnv, PRIVATE_KEY_ENV), source: 'env' };
  if (params.keyFile === undefined) {
    throw new NodeError('INVALID_KEY', `a private key is required: set ${PRIVATE_KEY_ENV} or pass --key-file <path>`);
  }
  // The key given where its file was expected is a secret in a path's place: never shown, not even as a path.
  if (/(0[xX])?[0-9a-fA-F]{64}/.test(params.keyFile)) {
    throw new NodeError(
      'INVALID_KEY',
      '--key-file: expected the path of a file holding the key, got a value that contains a private key (not shown); put the key in a file (chmod 600) or in VERITRAIN_PRIVATE_KEY',
    );
  }
  const where = `--key-file ${redactSecrets(params.keyFile)}`;
  let text: string;
  let mode: number;
  try {
    text = new TextDecoder().decode(readRegularFile(params.keyFile, { what: where, maxBytes: MAX_KEY_FILE_BYTES }));
    mode = statSync(params.keyFile).mode;
  } catch (cause) {
    throw new NodeError(
      'INVALID_KEY',
      cause instanceof Error && cause.name === 'ProtocolError' ? cause.message : `${where}: cannot read the key file`,
      { cause },
    );
  }
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    params.onWarning?.(
      `${where}: the key file is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length !== 1) {
    throw new NodeError(
      'INVALID_KEY',
      `${where}: expected one line holding a private key (0x followed by 64 hex digits), got ${lines.length} non-empty lines`,
    );
  }
  return { account: toAccount(lines[0]!, where), source: 'key-file' };
}
