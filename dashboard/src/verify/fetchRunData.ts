import { sha256, type Hex } from 'viem';
import type { RunData, RunSpec } from '@veritrain/engine';
import { fetchBytes, type ByteSource } from '../model/fetchBytes';
import { ModelError } from '../model/modelError';
import { datasetRootOf } from './datasetRootOf';

/** A shard as a dataset manifest lists it (datasets/<name>/manifest.json). */
type ShardEntry = { file: string; split: 'train' | 'test'; bytes: number; sha256: Hex };

export type FetchRunDataParameters = {
  spec: RunSpec;
  /** Where the datasets are: `<url>/<name>/manifest.json` and `<url>/<name>/<shard file>` (config: datasetsUrl). */
  datasetsUrl: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Bytes of training shards fetched so far, of the total. */
  onProgress?: (fetchedBytes: number, totalBytes: number) => void;
};

export const MAX_DATASET_MANIFEST_BYTES = 1_000_000;
export const MAX_SHARD_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

function parseShards(bytes: Uint8Array, what: string): ShardEntry[] {
  const bad = (detail: string): never => {
    throw new ModelError('BAD_CONTENT', `the ${what}: ${detail}`);
  };
  let o: unknown;
  try {
    o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('expected UTF-8 JSON');
  }
  const shards = (o as { shards?: unknown } | null)?.shards;
  if (!Array.isArray(shards) || shards.length === 0) return bad('expected a non-empty "shards" list');
  return shards.map((s: Record<string, unknown>, i) => {
    const ok =
      typeof s === 'object' &&
      s !== null &&
      typeof s.file === 'string' &&
      /^[a-z0-9-]+\.bin$/.test(s.file) &&
      (s.split === 'train' || s.split === 'test') &&
      Number.isSafeInteger(s.bytes) &&
      (s.bytes as number) > 0 &&
      (s.bytes as number) <= MAX_SHARD_BYTES &&
      typeof s.sha256 === 'string' &&
      /^0x[0-9a-f]{64}$/.test(s.sha256);
    return ok
      ? (s as ShardEntry)
      : bad(
          `shards[${i}]: expected { file: "<name>.bin", split: "train" | "test", bytes, sha256: 0x + 64 hex digits }`,
        );
  });
}

/** The train split as the engine reads it (the test split is empty: a training step never reads it). */
function decodeTrain(spec: RunSpec, datasetRoot: Hex, train: Uint8Array, what: string): RunData {
  const m = spec.model;
  if (m.kind === 'gpt') {
    const bad = train.findIndex((id) => id >= m.vocabSize);
    if (bad >= 0)
      throw new ModelError(
        'BAD_CONTENT',
        `the ${what} holds token id ${train[bad]} at ${bad}, expected below ${m.vocabSize}`,
      );
    return { kind: 'text', datasetRoot, vocabSize: m.vocabSize, train, test: new Uint8Array(0) };
  }
  // Records label:u8 || pixels:u8[imageSize] (docs/datasets.md, "Shards").
  const imageSize = m.layers[0]!;
  const numClasses = m.layers[m.layers.length - 1]!;
  const recordBytes = 1 + imageSize;
  if (train.length % recordBytes !== 0)
    throw new ModelError(
      'BAD_CONTENT',
      `the ${what} is ${train.length} bytes, not a whole number of ${recordBytes}-byte records`,
    );
  const count = train.length / recordBytes;
  const images = new Uint8Array(count * imageSize);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const label = train[r * recordBytes]!;
    if (label >= numClasses)
      throw new ModelError(
        'BAD_CONTENT',
        `the ${what} has label ${label} in record ${r}, expected below ${numClasses}`,
      );
    labels[r] = label;
    images.set(train.subarray(r * recordBytes + 1, (r + 1) * recordBytes), r * imageSize);
  }
  const empty = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
  return { kind: 'images', datasetRoot, imageSize, numClasses, train: { images, labels, count }, test: empty };
}

const cache = new Map<string, Promise<RunData>>();

/**
 * The training data of a run, fetched and checked: the dataset manifest's shard hashes must have the spec's
 * datasetRoot as their Merkle root, and every train shard must have its listed size and SHA-256. So the server
 * need not be trusted: what arrives is exactly the data the spec (hence the chain's specHash) names, or it is
 * refused (ModelError 'BAD_CONTENT' naming the file). Only the train shards are fetched; the data of one
 * datasetRoot is fetched once per page.
 */
export function fetchRunData(p: FetchRunDataParameters): Promise<RunData> {
  const key = `${p.datasetsUrl} ${p.spec.dataset.datasetRoot}`;
  let data = cache.get(key);
  if (!data) {
    data = fetchAndCheck(p);
    cache.set(key, data);
    data.catch(() => cache.delete(key));
  }
  return data;
}

async function fetchAndCheck(p: FetchRunDataParameters): Promise<RunData> {
  const { name, datasetRoot } = p.spec.dataset;
  const base = `${p.datasetsUrl}/${encodeURIComponent(name)}`;
  const source: ByteSource = {
    url: p.datasetsUrl,
    name: 'the dataset server',
    short: 'the dataset server',
    slowBecause: 'the shards are large, or the server is busy',
  };
  const get = (file: string, what: string, maxBytes: number) =>
    fetchBytes({
      url: `${base}/${file}`,
      what,
      source,
      maxBytes,
      timeoutMs: p.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(p.signal ? { signal: p.signal } : {}),
      ...(p.fetchImpl ? { fetchImpl: p.fetchImpl } : {}),
    });

  const manifestWhat = `dataset manifest ${name}/manifest.json`;
  const shards = parseShards(await get('manifest.json', manifestWhat, MAX_DATASET_MANIFEST_BYTES), manifestWhat);
  const root = datasetRootOf(shards.map((s) => s.sha256));
  if (root !== datasetRoot) {
    throw new ModelError(
      'BAD_CONTENT',
      `the ${manifestWhat} from ${p.datasetsUrl} lists shards whose datasetRoot is ${root}, but the run spec names ${datasetRoot}: refusing to train on it`,
    );
  }
  const train = shards.filter((s) => s.split === 'train');
  const totalBytes = train.reduce((n, s) => n + s.bytes, 0);
  let fetched = 0;
  p.onProgress?.(0, totalBytes);
  const parts = await Promise.all(
    train.map(async (s) => {
      const what = `dataset shard ${name}/${s.file}`;
      const bytes = await get(encodeURIComponent(s.file), what, s.bytes);
      const hash = sha256(bytes);
      if (bytes.length !== s.bytes || hash !== s.sha256) {
        throw new ModelError(
          'BAD_CONTENT',
          `the ${what} is ${bytes.length} bytes with SHA-256 ${hash}, but its manifest entry (under datasetRoot ${datasetRoot}) says ${s.bytes} bytes, ${s.sha256}`,
        );
      }
      fetched += bytes.length;
      p.onProgress?.(fetched, totalBytes);
      return bytes;
    }),
  );
  const all = new Uint8Array(totalBytes);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return decodeTrain(p.spec, datasetRoot, all, `train split of ${name}`);
}
