import { ProtocolError } from '../errors';
import { parseDeployment, type Deployment } from '../deployment';
import { parseJsonText } from '../parseJsonText';
import { readRegularFile } from './readRegularFile';

/** A deployment file names a handful of addresses and block numbers: a few hundred bytes. */
export const MAX_DEPLOYMENT_FILE_BYTES = 64 * 1024;

/** Reads and validates a deployment file written by the forge deploy script. */
export function readDeployment(path: string): Deployment {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, { what: `deployment file ${path}`, maxBytes: MAX_DEPLOYMENT_FILE_BYTES });
  } catch (cause) {
    throw new ProtocolError('INVALID_DEPLOYMENT', `cannot read ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = parseJsonText(new TextDecoder().decode(bytes), { source: `deployment file ${path}`, maxDepth: 8 });
  } catch (cause) {
    throw new ProtocolError('INVALID_DEPLOYMENT', (cause as Error).message, { cause });
  }
  return parseDeployment(json, path);
}
