import type { Hex } from 'viem';
import { ProtocolError } from './errors';

/**
 * What the on-chain `checkpointCid` of a submission names: a small JSON manifest with the checkpoint's CID and
 * the worker's k step records (docs/protocol.md, "Submissions"). A challenger needs the records to prove the
 * worker's record for step j−1 and j against `stepsRoot`; everything in it is checked against the chain (records
 * against `stepsRoot`, the checkpoint against `finalRoot`), so a reader trusts none of it.
 *
 * The format lives here, browser-safe, because the nodes (which write and dispute it) and the dashboard (which
 * loads and verifies with it) must read it by the same rules.
 */
export type SubmissionManifest = {
  version: 1;
  runId: bigint;
  leaseId: bigint;
  firstStep: number;
  lastStep: number;
  /** CID of the checkpoint after `lastStep`. */
  checkpointCid: string;
  records: ManifestStepRecord[];
};

/** One step record: the worker's claim for that step (what its stepsRoot commits to). */
export type ManifestStepRecord = { step: number; stateRoot: Hex; lossBits: number };

export const SUBMISSION_MANIFEST_KIND = 'veritrain/submission';

/** The most step records one manifest may hold. */
export const MAX_MANIFEST_STEPS = 100_000;
/** A manifest's fixed part: kind, version, two uint256 ids of up to 78 digits, the step range, the checkpoint CID. */
const MANIFEST_FIXED_BYTES = 1024;
/** One step record, at most 129 bytes: `{"step":<≤16 digits>,"stateRoot":"0x<64>","lossBits":<≤10 digits>},`. */
const MANIFEST_RECORD_BYTES = 136;
/** The CID fields: the characters of a base32/base58 CID, at most 128 (the contracts' MAX_CID_BYTES bound). */
const CID_PATTERN = /^[a-zA-Z0-9]{10,128}$/;

/**
 * The largest manifest of a submission of `steps` steps (k = lastStep − firstStep + 1): what a reader passes as
 * the most bytes to fetch for a CID someone else chose, so an honest manifest always fits and a CID naming a
 * huge DAG is refused after its root block.
 */
export function manifestMaxBytes(steps: number): number {
  return MANIFEST_FIXED_BYTES + MANIFEST_RECORD_BYTES * steps;
}

/** Canonical bytes of a manifest (fixed key order, decimal strings for uint256 ids). */
export function encodeSubmissionManifest(m: SubmissionManifest): Uint8Array {
  const json = {
    kind: SUBMISSION_MANIFEST_KIND,
    version: m.version,
    runId: m.runId.toString(),
    leaseId: m.leaseId.toString(),
    firstStep: m.firstStep,
    lastStep: m.lastStep,
    checkpointCid: m.checkpointCid,
    records: m.records.map((r) => ({ step: r.step, stateRoot: r.stateRoot, lossBits: r.lossBits })),
  };
  return new TextEncoder().encode(`${JSON.stringify(json)}\n`);
}

export type ParseSubmissionManifestOptions = {
  /** Names the manifest in error messages (its CID, or "manifest of submission 7"). */
  source?: string;
  /**
   * `strict` (the nodes): a malformed record refuses the whole manifest. `lenient` (the dashboard, which loads a
   * model from the checkpoint and proves records against the chain before it uses them): the records come back
   * undefined instead, and the rest of the manifest still reads.
   */
  records?: 'strict' | 'lenient';
};

/** A manifest read with `records: 'lenient'`. */
export type SubmissionManifestHeader = Omit<SubmissionManifest, 'records'> & { records?: ManifestStepRecord[] };

/** Parses and validates manifest bytes fetched from IPFS; a hostile manifest is an INVALID_MANIFEST error, never a crash. */
export function parseSubmissionManifest(
  bytes: Uint8Array,
  options?: ParseSubmissionManifestOptions & { records?: 'strict' },
): SubmissionManifest;
export function parseSubmissionManifest(
  bytes: Uint8Array,
  options: ParseSubmissionManifestOptions,
): SubmissionManifestHeader;
export function parseSubmissionManifest(
  bytes: Uint8Array,
  options: ParseSubmissionManifestOptions = {},
): SubmissionManifestHeader {
  const source = options.source ?? 'submission manifest';
  const bad = (what: string): never => {
    throw new ProtocolError('INVALID_MANIFEST', `${source}: ${what}`, { details: { source } });
  };
  const maxBytes = manifestMaxBytes(MAX_MANIFEST_STEPS);
  if (bytes.length > maxBytes)
    bad(`expected at most ${maxBytes} bytes (${MAX_MANIFEST_STEPS} records), got ${bytes.length} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('expected UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('expected a JSON object');
  const o = parsed as Record<string, unknown>;
  if (o.kind !== SUBMISSION_MANIFEST_KIND || o.version !== 1)
    bad(`expected kind "${SUBMISSION_MANIFEST_KIND}" version 1`);
  const uint = (k: string): bigint => {
    const v = o[k];
    if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(v)) bad(`"${k}": expected a decimal integer string`);
    return BigInt(v as string);
  };
  const step = (v: unknown, k: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) bad(`"${k}": expected a step number ≥ 1`);
    return v as number;
  };
  const firstStep = step(o.firstStep, 'firstStep');
  const lastStep = step(o.lastStep, 'lastStep');
  if (lastStep < firstStep || lastStep - firstStep >= MAX_MANIFEST_STEPS)
    bad(`"lastStep": expected firstStep ≤ lastStep < firstStep + ${MAX_MANIFEST_STEPS}`);
  if (typeof o.checkpointCid !== 'string' || !CID_PATTERN.test(o.checkpointCid))
    bad('"checkpointCid": expected a CID of at most 128 characters');
  const header = {
    version: 1 as const,
    runId: uint('runId'),
    leaseId: uint('leaseId'),
    firstStep,
    lastStep,
    checkpointCid: o.checkpointCid as string,
  };
  try {
    return { ...header, records: stepRecords(o.records, firstStep, lastStep, bad) };
  } catch (e) {
    if (options.records === 'lenient' && e instanceof ProtocolError) return header;
    throw e;
  }
}

function stepRecords(
  value: unknown,
  firstStep: number,
  lastStep: number,
  bad: (what: string) => never,
): ManifestStepRecord[] {
  const n = lastStep - firstStep + 1;
  if (!Array.isArray(value) || value.length !== n) bad(`"records": expected ${n} records`);
  return (value as unknown[]).map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) bad(`records[${i}]: expected an object`);
    const rec = r as Record<string, unknown>;
    if (rec.step !== firstStep + i) bad(`records[${i}].step: expected ${firstStep + i}`);
    if (typeof rec.stateRoot !== 'string' || !/^0x[0-9a-f]{64}$/.test(rec.stateRoot))
      bad(`records[${i}].stateRoot: expected 0x + 64 lowercase hex digits`);
    const { lossBits } = rec;
    if (typeof lossBits !== 'number' || !Number.isInteger(lossBits) || lossBits < 0 || lossBits > 0xffffffff)
      bad(`records[${i}].lossBits: expected a uint32`);
    return { step: firstStep + i, stateRoot: rec.stateRoot as Hex, lossBits: lossBits as number };
  });
}
