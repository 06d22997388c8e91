/** Concatenates chunks into one array (one allocation, sized exactly). */
export function concatBytes(chunks: readonly Uint8Array[], totalBytes?: number): Uint8Array {
  const size = totalBytes ?? chunks.reduce((sum, c) => sum + c.byteLength, 0);
  if (chunks.length === 1 && chunks[0]!.byteLength === size) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Drains `source` into one array, failing with `onTooLarge()` as soon as more than `maxBytes` arrive. */
export async function collectBytes(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number | undefined,
  onTooLarge: (receivedBytes: number) => Error,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (maxBytes !== undefined && total > maxBytes) throw onTooLarge(total);
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}
