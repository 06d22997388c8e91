import { parseSubmissionManifest as parseManifest, ProtocolError, type SubmissionManifest } from '@veritrain/protocol';
import { NodeError } from '../errors';

// The format is @veritrain/protocol's (the dashboard reads it by the same rules); the nodes see a hostile or
// unreadable manifest as a STORAGE error, like content that cannot be fetched.
export {
  encodeSubmissionManifest,
  manifestMaxBytes,
  MAX_MANIFEST_STEPS,
  SUBMISSION_MANIFEST_KIND,
  type SubmissionManifest,
} from '@veritrain/protocol';

/** Parses and validates manifest bytes fetched from IPFS (strict: every record well-formed); NodeError STORAGE if not. */
export function parseSubmissionManifest(bytes: Uint8Array, source = 'submission manifest'): SubmissionManifest {
  try {
    return parseManifest(bytes, { source });
  } catch (e) {
    if (e instanceof ProtocolError) throw new NodeError('STORAGE', e.message, { cause: e, details: e.details });
    throw e;
  }
}
