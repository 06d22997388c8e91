import {
  canonicalRunSpec,
  createGenesis,
  encodeCheckpoint,
  parseRunSpec,
  specHash,
  type RunSpec,
} from '@veritrain/engine';
import { stateRootNode } from '@veritrain/engine/node';
import type { Hex } from 'viem';

export type RunArtifacts = {
  spec: RunSpec;
  /** The canonical spec JSON bytes: keccak256 of them is `specHash`, and they are what `specCid` holds. */
  specBytes: Uint8Array;
  specHash: Hex;
  /** The step-0 checkpoint bytes (what `genesisCid` holds). */
  genesisBytes: Uint8Array;
  /** stateRoot of the genesis checkpoint. */
  genesisRoot: Hex;
};

/** Validates a run spec and builds what a run is created from: canonical spec, specHash, genesis and its root. */
export function buildRunArtifacts(specJson: unknown): RunArtifacts {
  const spec = parseRunSpec(specJson);
  const specBytes = new TextEncoder().encode(canonicalRunSpec(spec));
  const genesisBytes = encodeCheckpoint(createGenesis(spec));
  return { spec, specBytes, specHash: specHash(spec), genesisBytes, genesisRoot: stateRootNode(genesisBytes) };
}
