import { checkpointByteLength, specHash, type RunSpec } from '@veritrain/engine';

/**
 * The most bytes read for each kind of content a node fetches by a CID someone else chose (docs/nodes.md,
 * "Limits"). Each bound follows from what the content must be, so honest content always fits and a CID that
 * names a gigabyte (or a "diamond" DAG declaring terabytes) is refused after its root block.
 */

/** A run spec: its canonical JSON is a few hundred bytes; 64 KiB leaves room for any field the schema allows. */
export const MAX_SPEC_BYTES = 64 * 1024;

/** A manifest: bounded by its step count k (manifestMaxBytes, beside the manifest's format). */
export { manifestMaxBytes } from '../submission/submissionManifest';

/** The exact size of the run's checkpoint after `step` (the genesis at step 0). */
export function checkpointBytes(spec: RunSpec, step: number): number {
  return checkpointByteLength(spec, specHash(spec), step);
}
