import { NodeError } from '../errors';

type Hex = `0x${string}`;

/**
 * What the on-chain `checkpointCid` of a submission names: a small JSON manifest with the checkpoint's CID
 * and the worker's k step records (docs/architecture.md §3.3: "published on IPFS beside the checkpoint"). A challenger
 * needs the records to prove the worker's record for step j−1 and j against `stepsRoot`; everything in it
 * is checked against the chain (records against `stepsRoot`, the checkpoint against `finalRoot`).
 */
export type SubmissionManifest = {
  version: 1;
  runId: bigint;
  leaseId: bigint;
  firstStep: number;
  lastStep: number;
  /** CID of the checkpoint after `lastStep`. */
  checkpointCid: string;
  records: { step: number; stateRoot: Hex; lossBits: number }[];
};

export const SUBMISSION_MANIFEST_KIND = 'veritrain/submission';

/** The most step records one manifest may hold. */
export const MAX_MANIFEST_STEPS = 100_000;
/** A manifest's fixed part: kind, version, two uint256 ids of up to 78 digits, the step range, the checkpoint CID. */
const MANIFEST_FIXED_BYTES = 1024;
/** One step record, at most 129 bytes: `{"step":<≤16 digits>,"stateRoot":"0x<64>","lossBits":<≤10 digits>},`. */
const MANIFEST_RECORD_BYTES = 136;

/** The largest manifest of a submission of `steps` steps (k = lastStep − firstStep + 1). */
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

/** Parses and validates manifest bytes fetched from IPFS; a hostile manifest is an error, never a crash. */
export function parseSubmissionManifest(bytes: Uint8Array, source = 'submission manifest'): SubmissionManifest {
  const bad = (what: string): never => {
    throw new NodeError('STORAGE', `${source}: ${what}`);
  };
  if (bytes.length > manifestMaxBytes(MAX_MANIFEST_STEPS)) bad(`expected at most ${manifestMaxBytes(MAX_MANIFEST_STEPS)} bytes (${MAX_MANIFEST_STEPS} records), got ${bytes.length} bytes`);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    return bad('expected UTF-8 JSON');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) bad('expected a JSON object');
  if (o.kind !== SUBMISSION_MANIFEST_KIND || o.version !== 1) bad(`expected kind "${SUBMISSION_MANIFEST_KIND}" version 1`);
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
  if (lastStep < firstStep || lastStep - firstStep >= MAX_MANIFEST_STEPS) bad(`"lastStep": expected firstStep ≤ lastStep < firstStep + ${MAX_MANIFEST_STEPS}`);
  if (typeof o.checkpointCid !== 'string' || !/^[a-zA-Z0-9]{10,128}$/.test(o.checkpointCid)) bad('"checkpointCid": expected a CID of at most 128 characters');
  if (!Array.isArray(o.records) || o.records.length !== lastStep - firstStep + 1) {
    bad(`"records": expected ${lastStep - firstStep + 1} records`);
  }
  const records = (o.records as unknown[]).map((r, i) => {
    const rec = r as Record<string, unknown>;
    if (typeof rec !== 'object' || rec === null) bad(`records[${i}]: expected an object`);
    if (step(rec.step, `records[${i}].step`) !== firstStep + i) bad(`records[${i}].step: expected ${firstStep + i}`);
    if (typeof rec.stateRoot !== 'string' || !/^0x[0-9a-f]{64}$/.test(rec.stateRoot)) bad(`records[${i}].stateRoot: expected 0x + 64 lowercase hex digits`);
    if (typeof rec.lossBits !== 'number' || !Number.isInteger(rec.lossBits) || rec.lossBits < 0 || rec.lossBits > 0xffffffff) {
      bad(`records[${i}].lossBits: expected a uint32`);
    }
    return { step: firstStep + i, stateRoot: rec.stateRoot as Hex, lossBits: rec.lossBits as number };
  });
  return { version: 1, runId: uint('runId'), leaseId: uint('leaseId'), firstStep, lastStep, checkpointCid: o.checkpointCid as string, records };
}
