import { describe, expect, it } from 'vitest';
import { decodeTokens, encodeText } from './tokens';

describe('encodeText / decodeTokens', () => {
  const vocab = '\n abc';

  it('round-trips text through ids', () => {
    const ids = encodeText(vocab, 'ab c\ncab');
    expect([...ids]).toEqual([2, 3, 1, 4, 0, 4, 2, 3]);
    expect(decodeTokens(vocab, ids)).toBe('ab c\ncab');
  });

  it('rejects a character outside the vocabulary and an id past its end, naming the position', () => {
    expect(() => encodeText(vocab, 'abz')).toThrow(/character "z" at index 2/);
    expect(() => decodeTokens(vocab, Uint8Array.of(0, 9))).toThrow(/token id 9 at index 1/);
  });
});
