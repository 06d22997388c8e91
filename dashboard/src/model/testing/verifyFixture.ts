// A run with three real submissions to verify: #1 honest steps 1–2 from genesis; #2 steps 3–5 on #1 with step 4
// corrupted the way the devnet's adversary corrupts its step (node-core's computeLease); #3 the honest steps 3–5.
// Node only (it reads datasets/ from disk, serving the files as the dev server does), but without
// @veritrain/engine/node or @veritrain/datasets, which cannot be imported under happy-dom: the training data is
// read with the page's own fetchRunData, and a missing shard cache is built by a child process.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonicalRunSpec,
  createGenesis,
  decodeCheckpoint,
  encodeCheckpoint,
  runSteps,
  stateRoot,
  type RunData,
  type RunSpec,
  type StepRecord,
} from '@veritrain/engine';
import { bitsToFloat32, buildStepsTree } from '@veritrain/protocol';
import type { RunView, SubmissionView } from '../../data/types';
import { fetchRunData } from '../../verify/fetchRunData';
import { fixtureRun, manifestBytes, scriptedGateway } from './runFixture';

export const DATASETS_URL = 'http://datasets.test';
const datasetsDir = path.resolve(import.meta.dirname, '../../../../datasets');

export type VerifyFixture = {
  spec: RunSpec;
  run: RunView;
  honest: SubmissionView;
  corrupted: SubmissionView;
  redone: SubmissionView;
  /** CID → bytes, what the scripted gateway serves. */
  files: Map<string, Uint8Array>;
  /** The steps as an honest engine computes them (records[i] is step i + 1). */
  honestRecords: StepRecord[];
};

/** A lease's k steps, one at a time from `parent`; `corruptStep` perturbs the state after that step, like the adversary. */
function lease(spec: RunSpec, data: RunData, parent: Uint8Array, k: number, corruptStep?: number) {
  const records: StepRecord[] = [];
  let checkpoint = parent;
  for (let i = 0; i < k; i++) {
    const out = runSteps({ spec, checkpoint, steps: 1, data });
    let record = out.records[0]!;
    checkpoint = out.checkpoint;
    if (record.step === corruptStep) {
      const ckpt = decodeCheckpoint(checkpoint);
      ckpt.tensors[0]!.data[0] = Math.fround(ckpt.tensors[0]!.data[0]! + 0.5);
      checkpoint = encodeCheckpoint(ckpt);
      record = { ...record, stateRoot: stateRoot(checkpoint) };
    }
    records.push(record);
  }
  return { records, checkpoint };
}

/** Builds datasets/.cache/<name>/ (what every node's loadRunData does) when a train shard is missing. */
function ensureShardCache(name: string): void {
  const manifest = JSON.parse(readFileSync(path.join(datasetsDir, name, 'manifest.json'), 'utf8')) as {
    shards: { file: string }[];
  };
  if (manifest.shards.every((s) => existsSync(path.join(datasetsDir, '.cache', name, s.file)))) return;
  const loader = name === 'kjv' ? 'loadKjv' : 'loadMnist';
  execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', `(await import('@veritrain/datasets')).${loader}()`],
    { cwd: datasetsDir, stdio: 'inherit' },
  );
}

export async function verifyFixture(spec: RunSpec): Promise<VerifyFixture> {
  ensureShardCache(spec.dataset.name);
  const data = await fetchRunData({ spec, datasetsUrl: `${DATASETS_URL}/fixture`, fetchImpl: datasetServer() });
  const specCid = 'bafkreiverifyspec';
  const run = fixtureRun(spec, specCid, 2);
  const files = new Map<string, Uint8Array>([[specCid, new TextEncoder().encode(canonicalRunSpec(spec))]]);
  const submit = (
    id: number,
    parentId: number,
    out: { records: StepRecord[]; checkpoint: Uint8Array },
    status: SubmissionView['status'],
  ): SubmissionView => {
    const first = out.records[0]!.step;
    const last = out.records.at(-1)!.step;
    const checkpointCid = `bafybeiverifycheckpoint${id}`;
    const manifestCid = `bafkreiverifymanifest${id}`;
    files.set(checkpointCid, out.checkpoint);
    files.set(
      manifestCid,
      manifestBytes({ leaseId: id, firstStep: first, lastStep: last, checkpointCid, records: out.records }),
    );
    return {
      id,
      runId: 1,
      holder: '0x0000000000000000000000000000000000000002',
      parentId,
      firstStep: first,
      lastStep: last,
      bondWei: 1n,
      status,
      leaseDeadlineS: 0,
      stepsRoot: buildStepsTree(
        1n,
        out.records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })),
      ).root,
      finalRoot: out.records.at(-1)!.stateRoot,
      checkpointCid: manifestCid,
      losses: out.records.map((r) => bitsToFloat32(r.lossBits)),
    };
  };
  const first = lease(spec, data, encodeCheckpoint(createGenesis(spec)), 2);
  const bad = lease(spec, data, first.checkpoint, 3, 4);
  const good = lease(spec, data, first.checkpoint, 3);
  return {
    spec,
    run,
    honest: submit(1, 0, first, 'final'),
    corrupted: submit(2, 1, bad, 'invalid'),
    redone: submit(3, 1, good, 'pending'),
    files,
    honestRecords: [...first.records, ...good.records],
  };
}

/**
 * A dataset server as the page sees it, at any base URL: `<base>/<name>/manifest.json` from datasets/<name>/ and
 * the shards from the loaders' cache, datasets/.cache/<name>/ (what vite.config.ts serves); `replace` swaps a
 * file's bytes ("mnist/train-003.bin" → bytes), for a server that lies.
 */
export function datasetServer(replace: Map<string, Uint8Array> = new Map()): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const [name, file] = String(input).split('/').slice(-2) as [string, string];
    const rel = `${name}/${file}`;
    const swapped = replace.get(rel);
    if (swapped) return new Response(swapped.slice(), { status: 200 });
    try {
      const bytes = readFileSync(
        file === 'manifest.json' ? path.join(datasetsDir, name, file) : path.join(datasetsDir, '.cache', name, file),
      );
      return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-length': String(bytes.length) } });
    } catch {
      return new Response(`no ${rel}\n`, { status: 404 });
    }
  }) as typeof fetch;
}

/** One fetch for both: the dataset server under DATASETS_URL, the scripted gateway for everything else. */
export function verifyFetch(files: Map<string, Uint8Array>, datasets: typeof fetch = datasetServer()): typeof fetch {
  const gateway = scriptedGateway(files).fetchImpl;
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    String(input).startsWith(`${DATASETS_URL}/`) ? datasets(input, init) : gateway(input, init)) as typeof fetch;
}
