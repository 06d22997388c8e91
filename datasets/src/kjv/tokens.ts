import { DatasetError } from '../errors';

/** Maps each character of `text` to its index in `vocab` (one uint8 per character). */
export function encodeText(vocab: string, text: string): Uint8Array {
  if (vocab.length > 256) {
    throw new DatasetError(
      'DATASET_INVALID_ARGUMENT',
      `vocab has ${vocab.length} characters, expected at most 256 for uint8 ids`,
    );
  }
  const idOf = new Map<string, number>();
  for (let id = 0; id < vocab.length; id++) idOf.set(vocab[id]!, id);
  const ids = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const id = idOf.get(text[i]!);
    if (id === undefined) {
      throw new DatasetError(
        'DATASET_INVALID_ARGUMENT',
        `character ${JSON.stringify(text[i])} at index ${i} is not in the ${vocab.length}-character vocabulary`,
        { details: { index: i, character: text[i] } },
      );
    }
    ids[i] = id;
  }
  return ids;
}

/** The inverse of encodeText. */
export function decodeTokens(vocab: string, ids: Uint8Array): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) {
    const ch = vocab[ids[i]!];
    if (ch === undefined) {
      throw new DatasetError(
        'DATASET_INVALID_ARGUMENT',
        `token id ${ids[i]} at index ${i} is outside the ${vocab.length}-character vocabulary`,
        { details: { index: i, id: ids[i] } },
      );
    }
    text += ch;
  }
  return text;
}
