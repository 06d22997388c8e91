import type { CharTokenEncoding, ShardEntry, SplitName, SplitSummary } from '../manifest';
import type { ShardFiles } from '../shardCache';
import { sha256Hex } from '../sha256';

/** Tokens per shard: 1 MiB of uint8 ids (the last shard of each split is shorter). */
export const KJV_TOKENS_PER_SHARD = 1_048_576;

export const KJV_SPLIT_RULE =
  'contiguous by position: train = tokens [0, floor(9*N/10)), test = tokens [floor(9*N/10), N), N = text length';

export const KJV_NORMALISATION =
  'none: the committed text as is (7-bit ASCII, LF line endings, one verse per line as "<Ref> <text>"); one token per byte';

/** vocab: the sorted set of characters of the text (by code point; ASCII, so by byte value). */
export function vocabOf(text: Uint8Array): string {
  const present = new Uint8Array(256);
  for (const byte of text) present[byte] = 1;
  let vocab = '';
  for (let byte = 0; byte < 256; byte++) if (present[byte] === 1) vocab += String.fromCharCode(byte);
  return vocab;
}

export interface BuiltTextShards {
  files: ShardFiles;
  shards: ShardEntry[];
  split: { train: SplitSummary; test: SplitSummary };
  encoding: CharTokenEncoding;
}

/** Tokenises the text, splits it 90/10 by position and cuts each split into 1 MiB shards. */
export function buildKjvShards(text: Uint8Array): BuiltTextShards {
  const vocab = vocabOf(text);
  const idOfByte = new Uint8Array(256);
  for (let id = 0; id < vocab.length; id++) idOfByte[vocab.charCodeAt(id)] = id;
  const ids = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) ids[i] = idOfByte[text[i]!]!;

  const trainTokens = Math.floor((9 * ids.length) / 10);
  const files = new Map<string, Uint8Array>();
  const shards: ShardEntry[] = [];
  const cut = (split: SplitName, tokens: Uint8Array): SplitSummary => {
    let index = 0;
    for (let start = 0; start < tokens.length; start += KJV_TOKENS_PER_SHARD, index++) {
      const bytes = tokens.slice(start, start + KJV_TOKENS_PER_SHARD);
      const file = `${split}-${String(index).padStart(3, '0')}.bin`;
      files.set(file, bytes);
      shards.push({ file, split, bytes: bytes.length, sha256: sha256Hex(bytes), examples: bytes.length });
    }
    return { examples: tokens.length, shards: index };
  };
  const train = cut('train', ids.subarray(0, trainTokens));
  const test = cut('test', ids.subarray(trainTokens));
  return {
    files,
    shards,
    split: { train, test },
    encoding: { kind: 'char-tokens', tokenBytes: 1, vocabSize: vocab.length, vocab, normalisation: KJV_NORMALISATION },
  };
}
