import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAR_VOCABS } from './charVocab';

describe('CHAR_VOCABS', () => {
  it('holds the committed kjv manifest vocabulary under its datasetRoot', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../../datasets/kjv/manifest.json', import.meta.url), 'utf8'),
    ) as {
      datasetRoot: string;
      encoding: { vocab: string; vocabSize: number };
    };
    expect(CHAR_VOCABS[manifest.datasetRoot]).toEqual({ name: 'kjv', vocab: manifest.encoding.vocab });
    expect(manifest.encoding.vocab.length).toBe(manifest.encoding.vocabSize);
  });
});
