import type { AbiParameter, Address, Hex } from 'viem';
import { SubgraphError } from '../manifest/subgraphError';
import { TypeId, type AscMemory } from './ascMemory';

/** ethereum.ValueKind of graph-ts. */
const ETH_KIND = {
  Address: 0,
  FixedBytes: 1,
  Bytes: 2,
  Int: 3,
  Uint: 4,
  Bool: 5,
  String: 6,
  FixedArray: 7,
  Array: 8,
  Tuple: 9,
} as const;

export type EventBlock = {
  hash: Hex;
  parentHash: Hex;
  unclesHash: Hex;
  author: Address;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
};

export type EventTransaction = {
  hash: Hex;
  index: bigint;
  from: Address;
  to: Address | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Hex;
  nonce: bigint;
};

/** One decoded event log with everything graph-node puts in an ethereum.Event (receipt: none, as the manifest asks). */
export type EventInput = {
  address: Address;
  logIndex: bigint;
  transactionLogIndex: bigint;
  block: EventBlock;
  transaction: EventTransaction;
  /** The event's inputs in ABI order with their decoded values. */
  params: { abi: AbiParameter; value: unknown }[];
};

/** Encodes an ABI value as graph-ts `ethereum.Value` the way graph-node does (ints as BigInt, tuples as arrays). */
export function writeEthereumValue(mem: AscMemory, abi: AbiParameter, value: unknown): number {
  const v = (kind: number, data: bigint | number) => mem.newValue(kind, BigInt(data), TypeId.EthereumValue);
  const t = abi.type;
  if (t === 'address') return v(ETH_KIND.Address, mem.newHex(value as Hex));
  if (t === 'bool') return v(ETH_KIND.Bool, value ? 1 : 0);
  if (t === 'string') return v(ETH_KIND.String, mem.newString(value as string));
  if (t === 'bytes') return v(ETH_KIND.Bytes, mem.newHex(value as Hex));
  if (/^bytes\d+$/.test(t)) return v(ETH_KIND.FixedBytes, mem.newHex(value as Hex));
  if (/^uint\d*$/.test(t)) return v(ETH_KIND.Uint, mem.newBigInt(BigInt(value as bigint | number)));
  if (/^int\d*$/.test(t)) return v(ETH_KIND.Int, mem.newBigInt(BigInt(value as bigint | number)));
  if (t === 'tuple' && 'components' in abi) {
    const obj = value as Record<string, unknown>;
    const items = abi.components.map((c, i) =>
      writeEthereumValue(mem, c, c.name ? obj[c.name] : (value as unknown[])[i]),
    );
    return v(ETH_KIND.Tuple, mem.newArray(items, TypeId.ArrayEthereumValue));
  }
  throw new SubgraphError('HOST_UNSUPPORTED', `ethereum.Value: ABI type ${t} is not supported by the harness`);
}

/** Lays out an `ethereum.Event` (and its block, transaction and parameters) in the mapping's memory. */
export function writeEthereumEvent(mem: AscMemory, e: EventInput): number {
  const b = e.block;
  const big = (x: bigint) => mem.newBigInt(x);
  const block = mem.newObject(
    [
      mem.newHex(b.hash),
      mem.newHex(b.parentHash),
      mem.newHex(b.unclesHash),
      mem.newHex(b.author),
      mem.newHex(b.stateRoot),
      mem.newHex(b.transactionsRoot),
      mem.newHex(b.receiptsRoot),
      big(b.number),
      big(b.gasUsed),
      big(b.gasLimit),
      big(b.timestamp),
      big(b.difficulty),
      big(b.totalDifficulty),
      b.size === null ? 0 : big(b.size),
      b.baseFeePerGas === null ? 0 : big(b.baseFeePerGas),
    ],
    TypeId.EthereumBlock,
  );
  const t = e.transaction;
  const transaction = mem.newObject(
    [
      mem.newHex(t.hash),
      big(t.index),
      mem.newHex(t.from),
      t.to === null ? 0 : mem.newHex(t.to),
      big(t.value),
      big(t.gasLimit),
      big(t.gasPrice),
      mem.newHex(t.input),
      big(t.nonce),
    ],
    TypeId.EthereumTransaction,
  );
  const params = e.params.map((p) =>
    mem.newObject([mem.newString(p.abi.name ?? ''), writeEthereumValue(mem, p.abi, p.value)], TypeId.EventParam),
  );
  return mem.newObject(
    [
      mem.newHex(e.address),
      big(e.logIndex),
      big(e.transactionLogIndex),
      0,
      block,
      transaction,
      mem.newArray(params, TypeId.ArrayEventParam),
      0,
    ],
    TypeId.EthereumEvent,
  );
}
