import { prepareEmbeddingGather, prepareEmbeddingScatterAdd } from './validate';

/** out row r = table row ids[r]. */
export function embeddingGather(
  table: Float32Array,
  ids: ArrayLike<number>,
  vocab: number,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const r = prepareEmbeddingGather(table, ids, vocab, dim, out);
  for (let row = 0; row < ids.length; row++) {
    const src = ids[row]! * dim;
    r.set(table.subarray(src, src + dim), row * dim);
  }
  return r;
}

/** dTable from +0; rows of dOut added into row ids[r] for ascending r. */
export function embeddingScatterAdd(
  dOut: Float32Array,
  ids: ArrayLike<number>,
  vocab: number,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const r = prepareEmbeddingScatterAdd(dOut, ids, vocab, dim, out);
  r.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const dst = ids[row]! * dim;
    const src = row * dim;
    for (let c = 0; c < dim; c++) r[dst + c] = r[dst + c]! + dOut[src + c]!;
  }
  return r;
}
