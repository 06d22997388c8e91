import { ModelError } from './modelError';

/** The parts of a submission manifest (node-core/src/submission/submissionManifest.ts) the page needs. */
export type SubmissionManifestView = { firstStep: number; lastStep: number; checkpointCid: string };

/**
 * Reads what a submission's on-chain `checkpointCid` names: the worker's JSON manifest
 * `{kind: "veritrain/submission", version: 1, …, lastStep, checkpointCid, records}`. Only the checkpoint's CID
 * and the step range are used; the checkpoint itself is then checked against the on-chain finalRoot, so nothing
 * here needs to be trusted.
 */
export function parseSubmissionManifest(bytes: Uint8Array, manifestCid: string): SubmissionManifestView {
  const bad = (what: string): never => {
    throw new ModelError('BAD_CONTENT', `the submission manifest ${manifestCid}: ${what}`);
  };
  let o: unknown;
  try {
    o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('expected UTF-8 JSON');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad('expected a JSON object');
  const m = o as Record<string, unknown>;
  if (m.kind !== 'veritrain/submission' || m.version !== 1) bad('expected kind "veritrain/submission" version 1');
  const step = (k: string): number => {
    const v = m[k];
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : bad(`"${k}": expected a step number ≥ 1`);
  };
  const firstStep = step('firstStep');
  const lastStep = step('lastStep');
  if (lastStep < firstStep) bad('"lastStep": expected at least firstStep');
  const cid = m.checkpointCid;
  if (typeof cid !== 'string' || !/^[a-zA-Z0-9]{10,200}$/.test(cid)) bad('"checkpointCid": expected a CID');
  return { firstStep, lastStep, checkpointCid: cid as string };
}
