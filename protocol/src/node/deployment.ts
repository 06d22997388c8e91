import { readFileSync } from 'node:fs';
import { ProtocolError } from '../errors';
import { parseDeployment, type Deployment } from '../deployment';

/** Reads and validates a deployment file written by the forge deploy script. */
export function readDeployment(path: string): Deployment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ProtocolError('INVALID_DEPLOYMENT', `cannot read deployment file ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('INVALID_DEPLOYMENT', `${path} is not valid JSON`, { cause });
  }
  return parseDeployment(json, path);
}
