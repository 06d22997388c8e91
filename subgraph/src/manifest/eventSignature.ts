import type { AbiEvent, AbiParameter } from 'viem';

/**
 * The event signature graph-cli expects in `eventHandlers[].event`: the canonical Solidity signature with
 * `indexed` marked and tuples spelled out, e.g. `RunCreated(indexed uint256,indexed address,(bytes32,...))`.
 */
export function eventSignature(event: AbiEvent): string {
  const params = event.inputs.map((input) => `${input.indexed ? 'indexed ' : ''}${parameterType(input)}`);
  return `${event.name}(${params.join(',')})`;
}

function parameterType(p: AbiParameter): string {
  if (!p.type.startsWith('tuple')) return p.type;
  const components = 'components' in p ? p.components : [];
  return `(${components.map(parameterType).join(',')})${p.type.slice('tuple'.length)}`;
}
