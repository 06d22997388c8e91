import { EngineError } from '../errors';
import { compareUtf8, serializeHeader, type HeaderTensorEntry } from './canonicalJson';
import {
  CHECKPOINT_DTYPE,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_MAGIC,
  CHECKPOINT_PREFIX_BYTES,
  dataOffsetBytes,
  HOST_IS_LITTLE_ENDIAN,
} from './format';
import { elementCount, metaProblem, nameProblem, shapeProblem, specHashProblem, stepProblem } from './rules';
import type { Checkpoint } from './types';

const MAX_UINT32 = 0xffffffff;

function invalid(message: string, details: Record<string, unknown> = {}): EngineError {
  return new EngineError('INVALID_ARGUMENT', `checkpoint: ${message}`, { details });
}

/**
 * The canonical bytes of a checkpoint (docs/numerics.md §III.3). Tensors are written sorted by
 * name (UTF-8 bytes), so the input order does not matter; the same state always gives the same bytes.
 * Refuses what could not round-trip or must never be hashed: duplicate names, shape/length
 * mismatches, non-finite values.
 */
export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  if (typeof ckpt !== 'object' || ckpt === null) throw invalid('expected a Checkpoint object');
  const problem =
    specHashProblem(ckpt.specHash) ??
    stepProblem(ckpt.step) ??
    (ckpt.meta === undefined ? undefined : metaProblem(ckpt.meta));
  if (problem !== undefined) throw invalid(problem);
  if (!Array.isArray(ckpt.tensors)) throw invalid('tensors must be an array');

  for (let i = 0; i < ckpt.tensors.length; i++) {
    const t = ckpt.tensors[i]!;
    const where = `tensors[${i}]`;
    const formProblem = nameProblem(t?.name, where) ?? shapeProblem(t?.shape, where);
    if (formProblem !== undefined) throw invalid(formProblem, { tensor: i });
    if (!(t.data instanceof Float32Array))
      throw invalid(`${where} (${t.name}).data must be a Float32Array`, { tensor: t.name });
    const count = elementCount(t.shape, Number.MAX_SAFE_INTEGER);
    if (count !== t.data.length) {
      throw new EngineError(
        'SHAPE_MISMATCH',
        `checkpoint: tensor ${JSON.stringify(t.name)} has shape [${t.shape.join(',')}] (${count} elements) but ${t.data.length} values`,
        { details: { tensor: t.name, shape: t.shape, expectedElements: count, actualElements: t.data.length } },
      );
    }
    const data = t.data;
    for (let j = 0; j < data.length; j++) {
      // x - x is 0 for finite x and NaN for ±Inf and NaN: one comparison per value.
      if (data[j]! - data[j]! !== 0) {
        throw new EngineError(
          'NON_FINITE',
          `checkpoint: tensor ${JSON.stringify(t.name)} has non-finite value ${data[j]} at index ${j}`,
          {
            details: { tensor: t.name, index: j, value: data[j] },
          },
        );
      }
    }
  }

  const sorted = [...ckpt.tensors].sort((a, b) => compareUtf8(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.name === sorted[i]!.name) {
      throw invalid(`duplicate tensor name ${JSON.stringify(sorted[i]!.name)}`, { tensor: sorted[i]!.name });
    }
  }

  const entries: HeaderTensorEntry[] = [];
  let dataBytes = 0;
  for (const t of sorted) {
    entries.push({
      name: t.name,
      shape: [...t.shape],
      dtype: CHECKPOINT_DTYPE,
      byteOffset: dataBytes,
      byteLength: t.data.length * 4,
    });
    dataBytes += t.data.length * 4;
  }
  const header = new TextEncoder().encode(
    serializeHeader({
      specHash: ckpt.specHash,
      step: ckpt.step,
      tensors: entries,
      ...(ckpt.meta === undefined ? {} : { meta: ckpt.meta }),
    }),
  );
  if (header.length > MAX_UINT32) throw invalid(`header of ${header.length} bytes exceeds the uint32 length field`);
  const dataStart = dataOffsetBytes(header.length);
  const out = new Uint8Array(dataStart + dataBytes);
  out.set(CHECKPOINT_MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, CHECKPOINT_PREFIX_BYTES);
  // Padding bytes are already zero (fresh buffer).
  let offset = dataStart;
  for (const t of sorted) {
    const data = t.data;
    if (HOST_IS_LITTLE_ENDIAN) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    } else {
      for (let j = 0; j < data.length; j++) view.setFloat32(offset + 4 * j, data[j]!, true);
    }
    offset += data.byteLength;
  }
  return out;
}
