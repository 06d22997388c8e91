import { NodeError } from '../errors';

/** The part of a viem client that sends a raw JSON-RPC request. */
export type RawRpc = { request(args: { method: 'eth_chainId' | 'eth_blockNumber' }): Promise<unknown> };

/** An Ethereum JSON-RPC QUANTITY: 0x and 1 to 64 hex digits (a uint256 at most). */
const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;

/**
 * Asks for a QUANTITY answer (`eth_chainId`, `eth_blockNumber`) and checks it before converting it: a chain
 * that answers "0xzz", a number, or a megabyte string gets NodeError RPC_INVALID_ANSWER naming the method and
 * the endpoint (with the answer shortened), where viem's own conversion throws an untyped SyntaxError.
 */
export async function readQuantity(
  client: RawRpc,
  method: 'eth_chainId' | 'eth_blockNumber',
  rpcUrlShown: string,
): Promise<bigint> {
  const answer = await client.request({ method });
  if (typeof answer !== 'string' || !QUANTITY.test(answer))
    throw invalidAnswer(method, rpcUrlShown, answer, 'a hex quantity (0x followed by 1 to 64 hex digits)');
  return BigInt(answer);
}

/** The chain id, which must also be a positive safe integer (viem and EIP-155 signing need a number). */
export async function readChainId(client: RawRpc, rpcUrlShown: string): Promise<number> {
  const id = await readQuantity(client, 'eth_chainId', rpcUrlShown);
  if (id === 0n || id > BigInt(Number.MAX_SAFE_INTEGER))
    throw invalidAnswer(
      'eth_chainId',
      rpcUrlShown,
      `0x${id.toString(16)}`,
      `a chain id from 1 to ${Number.MAX_SAFE_INTEGER}`,
    );
  return Number(id);
}

export function invalidAnswer(method: string, rpcUrlShown: string, answer: unknown, expected: string): NodeError {
  let shown: string;
  try {
    shown = JSON.stringify(answer) ?? String(answer);
  } catch {
    shown = String(answer);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  return new NodeError('RPC_INVALID_ANSWER', `${method} from ${rpcUrlShown}: expected ${expected}, got ${shown}`, {
    details: { method, expected },
  });
}
