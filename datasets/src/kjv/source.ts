import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '../errors';
import type { SourceFile } from '../manifest';
import { PACKAGE_DIR } from '../paths';
import { sha256Hex } from '../sha256';

export const KJV_GZIP_PATH = join(PACKAGE_DIR, 'kjv', 'kjv.txt.gz');
const GZIP_NAME = 'kjv/kjv.txt.gz';
const TEXT_NAME = 'kjv/kjv.txt';

export interface KjvSource {
  /** The text exactly as committed (ASCII, LF line endings): one byte per character. */
  text: Uint8Array;
  /** The compressed file as committed and the text it decompresses to. */
  files: SourceFile[];
}

/**
 * Reads and decompresses the committed kjv.txt.gz. No normalisation is applied: the text must already
 * be 7-bit ASCII with LF line endings (the import checks this; it is checked again here). When
 * `expectedFiles` comes from the committed manifest, the decompressed text's SHA-256 must match:
 * the text is what the shards are built from; the .gz is only how it is stored.
 */
export function readKjvSource(expectedFiles?: readonly SourceFile[]): KjvSource {
  let gz: Buffer;
  try {
    gz = readFileSync(KJV_GZIP_PATH);
  } catch (cause) {
    throw new DatasetError('DATASET_SOURCE_MISSING', `cannot read ${KJV_GZIP_PATH}: expected the committed KJV text`, {
      cause,
    });
  }
  let text: Uint8Array;
  try {
    text = new Uint8Array(gunzipSync(gz));
  } catch (cause) {
    throw new DatasetError('DATASET_SOURCE_INVALID', `${KJV_GZIP_PATH} is not a valid gzip file`, { cause });
  }
  const files: SourceFile[] = [
    { path: GZIP_NAME, bytes: gz.length, sha256: sha256Hex(gz) },
    { path: TEXT_NAME, bytes: text.length, sha256: sha256Hex(text) },
  ];
  if (expectedFiles !== undefined) {
    const expected = expectedFiles.find((f) => f.path === TEXT_NAME);
    if (expected === undefined || expected.sha256 !== files[1]!.sha256) {
      throw new DatasetError(
        'DATASET_SOURCE_MISMATCH',
        `${KJV_GZIP_PATH} decompresses to text with SHA-256 ${files[1]!.sha256}, expected ${expected?.sha256 ?? '(not in manifest)'}`,
        { details: { file: KJV_GZIP_PATH, expected: expected?.sha256, actual: files[1]!.sha256 } },
      );
    }
  }
  for (let i = 0; i < text.length; i++) {
    const byte = text[i]!;
    if (byte >= 0x80 || byte === 0x0d) {
      throw new DatasetError(
        'DATASET_SOURCE_INVALID',
        `${KJV_GZIP_PATH}: byte 0x${byte.toString(16)} at offset ${i}, expected 7-bit ASCII without CR`,
        { details: { offset: i, byte } },
      );
    }
  }
  return { text, files };
}
