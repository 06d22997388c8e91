import { EngineError, type EngineErrorCode } from '../errors';
import { compareUtf8, serializeHeader, type CheckpointHeader, type HeaderTensorEntry } from './canonicalJson';
import {
  CHECKPOINT_DTYPE,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_MAGIC,
  CHECKPOINT_PREFIX_BYTES,
  dataOffsetBytes,
  DEFAULT_CHECKPOINT_LIMITS,
  HOST_IS_LITTLE_ENDIAN,
} from './format';
import { describe, elementCount, metaProblem, nameProblem, shapeProblem, specHashProblem, stepProblem } from './rules';
import type { Checkpoint, CheckpointDecodeLimits, CheckpointTensor } from './types';

function fail(code: EngineErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new EngineError(code, `checkpoint: ${message}`, { details });
}

function resolveLimits(limits: CheckpointDecodeLimits | undefined): Required<CheckpointDecodeLimits> {
  const resolved = { ...DEFAULT_CHECKPOINT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `limits.${name} must be a non-negative integer, got ${describe(value)}`,
        {
          details: { argument: `limits.${name}`, value },
        },
      );
    }
  }
  return resolved;
}

function exactKeys(
  obj: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[],
  where: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail(
        'CHECKPOINT_HEADER',
        `header ${where} has unknown key ${describe(key)}; expected only ${[...required, ...optional].join(', ')}`,
        {
          key,
        },
      );
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(obj, key))
      fail('CHECKPOINT_HEADER', `header ${where} is missing key ${JSON.stringify(key)}`, { key });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerProblem(problem: string | undefined): void {
  if (problem !== undefined) fail('CHECKPOINT_HEADER', `header ${problem}`);
}

/** Parses and checks the JSON header; touches only header bytes, allocates nothing proportional to tensor sizes. */
function parseHeader(
  text: string,
  limits: Required<CheckpointDecodeLimits>,
): { header: CheckpointHeader; totalElements: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new EngineError('CHECKPOINT_HEADER', `checkpoint: header is not valid JSON (${(cause as Error).message})`, {
      cause,
    });
  }
  if (!isPlainObject(parsed)) fail('CHECKPOINT_HEADER', 'header must be a JSON object');
  exactKeys(parsed, ['specHash', 'step', 'tensors'], ['meta'], 'object');
  headerProblem(specHashProblem(parsed.specHash));
  headerProblem(stepProblem(parsed.step));
  if (parsed.meta !== undefined) headerProblem(metaProblem(parsed.meta));
  const tensors = parsed.tensors;
  if (!Array.isArray(tensors)) fail('CHECKPOINT_HEADER', `header tensors must be an array, got ${describe(tensors)}`);
  if (tensors.length > limits.maxTensors) {
    fail(
      'CHECKPOINT_TOO_LARGE',
      `header declares ${tensors.length} tensors, more than the limit of ${limits.maxTensors}`,
      {
        tensors: tensors.length,
        maxTensors: limits.maxTensors,
      },
    );
  }

  const entries: HeaderTensorEntry[] = [];
  let totalElements = 0;
  let nextOffset = 0;
  for (let i = 0; i < tensors.length; i++) {
    const entry: unknown = tensors[i];
    const where = `tensors[${i}]`;
    if (!isPlainObject(entry)) fail('CHECKPOINT_HEADER', `header ${where} must be an object`);
    exactKeys(entry, ['name', 'shape', 'dtype', 'byteOffset', 'byteLength'], [], where);
    headerProblem(nameProblem(entry.name, where));
    const name = entry.name as string;
    if (i > 0 && compareUtf8(entries[i - 1]!.name, name) >= 0) {
      fail(
        'CHECKPOINT_HEADER',
        `header tensor names must be unique and sorted by UTF-8 bytes; ${JSON.stringify(name)} follows ${JSON.stringify(entries[i - 1]!.name)}`,
        {
          tensor: name,
        },
      );
    }
    headerProblem(shapeProblem(entry.shape, where));
    const shape = entry.shape as number[];
    if (entry.dtype !== CHECKPOINT_DTYPE)
      fail('CHECKPOINT_HEADER', `header ${where}.dtype must be "${CHECKPOINT_DTYPE}", got ${describe(entry.dtype)}`);
    for (const field of ['byteOffset', 'byteLength'] as const) {
      const v = entry[field];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        fail('CHECKPOINT_HEADER', `header ${where}.${field} must be a non-negative integer, got ${describe(v)}`);
      }
    }
    const count = elementCount(shape, limits.maxElements - totalElements);
    if (count === Infinity) {
      fail(
        'CHECKPOINT_TOO_LARGE',
        `tensor ${JSON.stringify(name)} with shape [${shape.join(',')}] takes the total past the limit of ${limits.maxElements} elements`,
        {
          tensor: name,
          maxElements: limits.maxElements,
        },
      );
    }
    if (entry.byteLength !== count * 4) {
      fail(
        'SHAPE_MISMATCH',
        `tensor ${JSON.stringify(name)} has shape [${shape.join(',')}] (${count * 4} bytes of f32) but byteLength ${entry.byteLength as number}`,
        {
          tensor: name,
          expectedByteLength: count * 4,
          byteLength: entry.byteLength,
        },
      );
    }
    if (entry.byteOffset !== nextOffset) {
      fail(
        'CHECKPOINT_HEADER',
        `tensor ${JSON.stringify(name)} has byteOffset ${entry.byteOffset as number}, expected ${nextOffset} (tensors are contiguous, in table order)`,
        {
          tensor: name,
          expectedByteOffset: nextOffset,
          byteOffset: entry.byteOffset,
        },
      );
    }
    totalElements += count;
    nextOffset += count * 4;
    entries.push({
      name,
      shape: [...shape],
      dtype: CHECKPOINT_DTYPE,
      byteOffset: nextOffset - count * 4,
      byteLength: count * 4,
    });
  }
  const meta =
    parsed.meta === undefined
      ? undefined
      : Object.fromEntries(Object.entries(parsed.meta as Record<string, string | number | boolean>));
  const header: CheckpointHeader = {
    specHash: parsed.specHash as `0x${string}`,
    step: parsed.step as number,
    tensors: entries,
    ...(meta === undefined ? {} : { meta }),
  };
  if (serializeHeader(header) !== text) {
    fail(
      'CHECKPOINT_HEADER',
      'header is valid but not in canonical form (key order, whitespace, number or string spelling, or an empty meta)',
    );
  }
  return { header, totalElements };
}

/**
 * Decodes canonical checkpoint bytes, checking (in order) size limit, magic, version, header length,
 * header JSON (strict schema, canonical form), tensor table (sorted unique names, positive shapes,
 * byte lengths, contiguous offsets, element limits), total size, zero padding and finiteness — all
 * before allocating the tensors. Every failure is an EngineError with a specific code.
 * Accepts exactly the outputs of encodeCheckpoint: encode(decode(b)) equals b byte for byte.
 */
export function decodeCheckpoint(bytes: Uint8Array, limits?: CheckpointDecodeLimits): Checkpoint {
  if (!(bytes instanceof Uint8Array)) {
    throw new EngineError('INVALID_ARGUMENT', 'bytes must be a Uint8Array', { details: { argument: 'bytes' } });
  }
  const lim = resolveLimits(limits);
  if (bytes.length > lim.maxBytes) {
    fail('CHECKPOINT_TOO_LARGE', `${bytes.length} bytes exceed the limit of ${lim.maxBytes}`, {
      length: bytes.length,
      maxBytes: lim.maxBytes,
    });
  }
  const magicLength = Math.min(bytes.length, CHECKPOINT_MAGIC.length);
  for (let i = 0; i < magicLength; i++) {
    if (bytes[i] !== CHECKPOINT_MAGIC[i]) {
      fail('CHECKPOINT_MAGIC', `bad magic at byte ${i}: expected 89 56 54 43 4b 0d 0a 1a ("\\x89VTCK\\r\\n\\x1a")`, {
        offset: i,
      });
    }
  }
  if (bytes.length < CHECKPOINT_PREFIX_BYTES) {
    fail(
      'CHECKPOINT_TRUNCATED',
      `${bytes.length} bytes end inside the 16-byte prefix (magic, version, header length)`,
      { length: bytes.length },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    fail('CHECKPOINT_VERSION', `format version ${version} is not supported; expected ${CHECKPOINT_FORMAT_VERSION}`, {
      version,
    });
  }
  const headerLength = view.getUint32(12, true);
  if (headerLength > lim.maxHeaderBytes) {
    fail('CHECKPOINT_TOO_LARGE', `header length ${headerLength} exceeds the limit of ${lim.maxHeaderBytes} bytes`, {
      headerLength,
      maxHeaderBytes: lim.maxHeaderBytes,
    });
  }
  const headerEnd = CHECKPOINT_PREFIX_BYTES + headerLength;
  if (bytes.length < headerEnd) {
    fail(
      'CHECKPOINT_TRUNCATED',
      `${bytes.length} bytes end inside the ${headerLength}-byte header (expected at least ${headerEnd})`,
      {
        length: bytes.length,
        expectedAtLeast: headerEnd,
      },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(CHECKPOINT_PREFIX_BYTES, headerEnd),
    );
  } catch (cause) {
    throw new EngineError('CHECKPOINT_HEADER', 'checkpoint: header is not valid UTF-8', { cause });
  }
  const { header, totalElements } = parseHeader(text, lim);

  const dataStart = dataOffsetBytes(headerLength);
  const expectedLength = dataStart + totalElements * 4;
  if (expectedLength > lim.maxBytes) {
    fail(
      'CHECKPOINT_TOO_LARGE',
      `header declares ${expectedLength} bytes in total, more than the limit of ${lim.maxBytes}`,
      {
        expectedLength,
        maxBytes: lim.maxBytes,
      },
    );
  }
  if (bytes.length < expectedLength) {
    fail('CHECKPOINT_TRUNCATED', `${bytes.length} bytes, but the header declares ${expectedLength}`, {
      length: bytes.length,
      expectedLength,
    });
  }
  if (bytes.length > expectedLength) {
    fail(
      'CHECKPOINT_TRAILING_BYTES',
      `${bytes.length - expectedLength} bytes after the declared end at ${expectedLength}`,
      {
        length: bytes.length,
        expectedLength,
      },
    );
  }
  for (let i = headerEnd; i < dataStart; i++) {
    if (bytes[i] !== 0)
      fail('CHECKPOINT_HEADER', `padding byte at offset ${i} is ${bytes[i]}, expected 0`, { offset: i });
  }
  for (const entry of header.tensors) {
    const start = dataStart + entry.byteOffset;
    for (let j = 0; j < entry.byteLength; j += 4) {
      // Exponent bits all ones (Inf or NaN): byte 3 low 7 bits and byte 2 high bit of the LE word.
      if ((bytes[start + j + 3]! & 0x7f) === 0x7f && (bytes[start + j + 2]! & 0x80) !== 0) {
        fail('NON_FINITE', `tensor ${JSON.stringify(entry.name)} has a non-finite value at index ${j / 4}`, {
          tensor: entry.name,
          index: j / 4,
        });
      }
    }
  }

  const tensors: CheckpointTensor[] = header.tensors.map((entry) => {
    const start = dataStart + entry.byteOffset;
    let data: Float32Array;
    if (HOST_IS_LITTLE_ENDIAN) {
      // Copy into a fresh buffer explicitly: Node's Buffer.slice returns a view of a shared pool.
      const copy = new Uint8Array(entry.byteLength);
      copy.set(bytes.subarray(start, start + entry.byteLength));
      data = new Float32Array(copy.buffer);
    } else {
      data = new Float32Array(entry.byteLength / 4);
      for (let j = 0; j < data.length; j++) data[j] = view.getFloat32(start + 4 * j, true);
    }
    return { name: entry.name, shape: entry.shape, data };
  });
  return {
    specHash: header.specHash,
    step: header.step,
    tensors,
    ...(header.meta === undefined ? {} : { meta: header.meta }),
  };
}
