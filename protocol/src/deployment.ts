import { getAddress, isAddress, type Address } from 'viem';
import { ProtocolError } from './errors';

/** What contracts/script/Deploy.s.sol writes to deployments/<chainId>.json. */
export type Deployment = {
  chainId: number;
  startBlock: bigint;
  deployer: Address;
  coordinator: Address;
  court: Address;
  token: Address;
};

/** Validates a parsed deployment JSON (e.g. deployments/31337.json) and returns it typed. */
export function parseDeployment(json: unknown, source = 'deployment'): Deployment {
  if (typeof json !== 'object' || json === null) {
    throw new ProtocolError('INVALID_DEPLOYMENT', `${source}: expected a JSON object`);
  }
  const o = json as Record<string, unknown>;
  const address = (key: string): Address => {
    const v = o[key];
    if (typeof v !== 'string' || !isAddress(v, { strict: false })) {
      throw new ProtocolError('INVALID_DEPLOYMENT', `${source}: "${key}" must be an address, got ${JSON.stringify(v)}`);
    }
    return getAddress(v);
  };
  const uint = (key: string): bigint => {
    const v = o[key];
    if ((typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+$/.test(v))) {
      return BigInt(v);
    }
    throw new ProtocolError(
      'INVALID_DEPLOYMENT',
      `${source}: "${key}" must be a non-negative integer, got ${JSON.stringify(v)}`,
    );
  };
  return {
    chainId: Number(uint('chainId')),
    startBlock: uint('startBlock'),
    deployer: address('deployer'),
    coordinator: address('coordinator'),
    court: address('court'),
    token: address('token'),
  };
}
