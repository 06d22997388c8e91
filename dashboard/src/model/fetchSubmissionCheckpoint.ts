import type { Hex } from 'viem';
import { stateRoot } from '@veritrain/engine';
import type { SubmissionView } from '../data/types';
import type { ReadFromGateway } from './fetchFromGateway';
import { ModelError } from './modelError';
import { parseSubmissionManifest, type SubmissionManifestView } from './parseSubmissionManifest';

export const MAX_MANIFEST_BYTES = 1_000_000;
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/** A submission whose checkpoint can be fetched: its manifest's CID and its finalRoot are on chain. */
export type SubmissionWithCheckpoint = Pick<SubmissionView, 'id' | 'lastStep'> & { checkpointCid: string; finalRoot: Hex };

export type SubmissionCheckpoint = { manifest: SubmissionManifestView; bytes: Uint8Array; stateRoot: Hex };

/** Fetches and reads the submission manifest at the submission's on-chain checkpointCid. */
export async function fetchSubmissionManifest(read: ReadFromGateway, sub: Pick<SubmissionWithCheckpoint, 'id' | 'lastStep' | 'checkpointCid'>): Promise<SubmissionManifestView> {
  const manifest = parseSubmissionManifest(await read(sub.checkpointCid, 'submission manifest', MAX_MANIFEST_BYTES), sub.checkpointCid);
  if (manifest.lastStep !== sub.lastStep) {
    throw new ModelError('BAD_CONTENT', `the submission manifest ${sub.checkpointCid} ends at step ${manifest.lastStep}, but submission ${sub.id} ends at step ${sub.lastStep}`);
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
  onStage?: (stage: 'manifest' | 'checkpoint' | 'verify') => void,
): Promise<SubmissionCheckpoint> {
  onStage?.('manifest');
  const manifest = await fetchSubmissionManifest(read, sub);
  onStage?.('checkpoint');
  const bytes = await read(manifest.checkpointCid, 'checkpoint', MAX_CHECKPOINT_BYTES);
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
