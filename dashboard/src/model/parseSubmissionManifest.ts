import type { Hex } from 'viem';
import { ModelError } from './modelError';

/** One step record of a submission manifest: the worker's claim for that step (what its stepsRoot commits to). */
export type ManifestStepRecord = { step: number; stateRoot: Hex; lossBits: number };

/** The parts of a submission manifest (node-core/src/submission/submissionManifest.ts) the page needs. */
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

function stepRecords(value: unknown, firstStep: number, lastStep: number): ManifestStepRecord[] | undefined {
  if (!Array.isArray(value) || value.length !== lastStep - firstStep + 1) return undefined;
  const records: ManifestStepRecord[] = [];
  for (const [i, r] of value.entries()) {
    const rec = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const { step, stateRoot, lossBits } = rec;
    if (step !== firstStep + i || typeof stateRoot !== 'string' || !/^0x[0-9a-f]{64}$/.test(stateRoot)) return undefined;
    if (typeof lossBits !== 'number' || !Number.isInteger(lossBits) || lossBits < 0 || lossBits > 0xffffffff) return undefined;
    records.push({ step, stateRoot: stateRoot as Hex, lossBits });
  }
  return records;
}

/**
 * Reads what a submission's on-chain `checkpointCid` names: the worker's JSON manifest
 * `{kind: "veritrain/submission", version: 1, …, lastStep, checkpointCid, records}`. The checkpoint it names is
 * checked against the on-chain finalRoot and its records against the on-chain stepsRoot, so nothing here needs
 * to be trusted.
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
  const records = stepRecords(m.records, firstStep, lastStep);
  return { firstStep, lastStep, checkpointCid: cid as string, ...(records ? { records } : {}) };
}
