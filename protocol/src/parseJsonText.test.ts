import { describe, expect, it } from 'vitest';
import { parseJsonText } from './parseJsonText';

describe('parseJsonText', () => {
  it('parses JSON within the depth bound, brackets inside strings not counted', () => {
    expect(parseJsonText('{"a":[[1]],"s":"[[[[{{{{\\"]]"}', { source: 's', maxDepth: 3 })).toEqual({
      a: [[1]],
      s: '[[[[{{{{"]]',
    });
  });

  it('refuses a million levels of nesting with INVALID_JSON naming the source and the limit, in linear time', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const started = performance.now();
    expect(() => parseJsonText(text, { source: 'config file c.json' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_JSON',
        message: 'config file c.json: JSON nested deeper than 64 levels (at character 64); expected at most 64',
      }),
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('turns a syntax error into INVALID_JSON naming the source', () => {
    expect(() => parseJsonText('{"a":', { source: '--spec s.json' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_JSON',
        message: expect.stringContaining('--spec s.json: expected JSON'),
      }),
    );
  });
});
