import type { Hex } from 'viem';
import { checkpointByteLength, specHash, stateRoot, type RunSpec } from '@veritrain/engine';
import { manifestMaxBytes } from '@veritrain/protocol';
import type { SubmissionView } from '../data/types';
import type { ReadFromGateway } from './fetchFromGateway';
import { ModelError } from './modelError';
import { parseSubmissionManifest, type SubmissionManifestView } from './parseSubmissionManifest';

/** The exact size of the run's checkpoint after `step` (the nodes' bound: docs/nodes.md, "Limits"). */
export const checkpointBytesAt = (spec: RunSpec, step: number): number =>
  checkpointByteLength(spec, specHash(spec), step);

/** A submission whose checkpoint can be fetched: its manifest's CID and its finalRoot are on chain. */
export type SubmissionWithCheckpoint = Pick<SubmissionView, 'id' | 'firstStep' | 'lastStep'> & {
  checkpointCid: string;
  finalRoot: Hex;
};

export type SubmissionCheckpoint = { manifest: SubmissionManifestView; bytes: Uint8Array; stateRoot: Hex };

/** Fetches and reads the submission manifest at the submission's on-chain checkpointCid. */
export async function fetchSubmissionManifest(
  read: ReadFromGateway,
  sub: Pick<SubmissionWithCheckpoint, 'id' | 'firstStep' | 'lastStep' | 'checkpointCid'>,
): Promise<SubmissionManifestView> {
  // The nodes' bound for a manifest of this many steps: a CID naming a huge DAG is refused after its root block.
  const maxBytes = manifestMaxBytes(sub.lastStep - sub.firstStep + 1);
  const manifest = parseSubmissionManifest(
    await read(sub.checkpointCid, 'submission manifest', maxBytes),
    sub.checkpointCid,
  );
  if (manifest.firstStep !== sub.firstStep || manifest.lastStep !== sub.lastStep) {
    throw new ModelError(
      'BAD_CONTENT',
      `the submission manifest ${sub.checkpointCid} covers steps ${manifest.firstStep}–${manifest.lastStep}, but submission ${sub.id} covers steps ${sub.firstStep}–${sub.lastStep}`,
    );
  }
  return manifest;
}

/**
 * The checkpoint a submission published (through its manifest), refused unless its stateRoot (docs/numerics.md
 * §III.4) is the submission's on-chain finalRoot; nothing of it is decoded before that.
 */
export async function fetchSubmissionCheckpoint(
  read: ReadFromGateway,
  sub: SubmissionWithCheckpoint,
  spec: RunSpec,
  onStage?: (stage: 'manifest' | 'checkpoint' | 'verify') => void,
): Promise<SubmissionCheckpoint> {
  onStage?.('manifest');
  const manifest = await fetchSubmissionManifest(read, sub);
  onStage?.('checkpoint');
  // Exactly the size the spec gives a checkpoint at that step: a CID naming more is refused after its root block.
  const bytes = await read(manifest.checkpointCid, 'checkpoint', checkpointBytesAt(spec, sub.lastStep));
  onStage?.('verify');
  const root = stateRoot(bytes);
  if (root !== sub.finalRoot.toLowerCase()) {
    throw new ModelError(
      'BAD_CONTENT',
      `the checkpoint ${manifest.checkpointCid} has stateRoot ${root}, but submission ${sub.id}'s on-chain finalRoot is ${sub.finalRoot}: refusing to run it`,
    );
  }
  return { manifest, bytes, stateRoot: root };
}
