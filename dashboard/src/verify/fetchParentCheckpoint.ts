import type { Hex } from 'viem';
import { createGenesis, encodeCheckpoint, stateRoot, type RunSpec } from '@veritrain/engine';
import type { RunView } from '../data/types';
import type { ReadFromGateway } from '../model/fetchFromGateway';
import {
  checkpointBytesAt,
  fetchSubmissionCheckpoint,
  type SubmissionWithCheckpoint,
} from '../model/fetchSubmissionCheckpoint';
import { ModelError } from '../model/modelError';

export type ParentCheckpoint = {
  bytes: Uint8Array;
  /** Equal to the on-chain genesisRoot or the parent submission's finalRoot (checked). */
  stateRoot: Hex;
  /** 0 for the run's genesis. */
  submissionId: number;
};

/**
 * The state a submission builds on, checked against the chain the way workers and fraud-proofers check it
 * (node-core's fetchParentCheckpoint): for the first lease, genesis, rebuilt from the spec (it is
 * deterministic, and cheaper than fetching) or else fetched at the run's genesisCid, either way refused unless
 * its stateRoot is the run's on-chain genesisRoot; otherwise the parent submission's checkpoint, refused unless
 * its stateRoot is the parent's on-chain finalRoot.
 */
export async function fetchParentCheckpoint(
  read: ReadFromGateway,
  run: Pick<RunView, 'runId' | 'genesisRoot' | 'genesisCid'>,
  spec: RunSpec,
  parent: SubmissionWithCheckpoint | 'genesis',
): Promise<ParentCheckpoint> {
  if (parent !== 'genesis') {
    const { bytes, stateRoot: root } = await fetchSubmissionCheckpoint(read, parent, spec);
    return { bytes, stateRoot: root, submissionId: parent.id };
  }
  const genesisRoot = run.genesisRoot.toLowerCase() as Hex;
  const rebuilt = encodeCheckpoint(createGenesis(spec));
  if (stateRoot(rebuilt) === genesisRoot) return { bytes: rebuilt, stateRoot: genesisRoot, submissionId: 0 };
  const bytes = await read(run.genesisCid, 'genesis checkpoint', checkpointBytesAt(spec, 0));
  const root = stateRoot(bytes);
  if (root !== genesisRoot) {
    throw new ModelError(
      'BAD_CONTENT',
      `the genesis checkpoint ${run.genesisCid} has stateRoot ${root}, but run ${run.runId}'s on-chain genesisRoot is ${run.genesisRoot}`,
    );
  }
  return { bytes, stateRoot: root, submissionId: 0 };
}
