import { parseSubmissionManifest as parseManifest, ProtocolError, type ManifestStepRecord } from '@veritrain/protocol';
import { ModelError } from './modelError';

export type { ManifestStepRecord };

/** The parts of a submission manifest (@veritrain/protocol's format, the one the workers publish) the page needs. */
export type SubmissionManifestView = {
  firstStep: number;
  lastStep: number;
  checkpointCid: string;
  /**
   * The worker's k step records, when the manifest lists them well-formed (one per step, in order); undefined
   * otherwise. Loading a model does not need them; verifying a step proves them against the on-chain stepsRoot.
   */
  records?: ManifestStepRecord[];
};

/**
 * Reads what a submission's on-chain `checkpointCid` names, by the nodes' rules (bounds included), except that
 * malformed records leave `records` undefined rather than refusing the manifest. The checkpoint it names is
 * checked against the on-chain finalRoot and its records against the on-chain stepsRoot, so nothing here needs
 * to be trusted.
 */
export function parseSubmissionManifest(bytes: Uint8Array, manifestCid: string): SubmissionManifestView {
  try {
    const { firstStep, lastStep, checkpointCid, records } = parseManifest(bytes, {
      source: `the submission manifest ${manifestCid}`,
      records: 'lenient',
    });
    return { firstStep, lastStep, checkpointCid, ...(records ? { records } : {}) };
  } catch (e) {
    if (e instanceof ProtocolError) throw new ModelError('BAD_CONTENT', e.message, { cause: e });
    throw e;
  }
}
