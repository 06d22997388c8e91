import { describe, expect, it } from 'vitest';
import { CID_VECTORS } from '../test/cidVectors';
import { deterministicBytes } from '../test/deterministicBytes';
import { cidOf } from './cidOf';

describe('cidOf', () => {
  for (const vector of CID_VECTORS) {
    it(`gives Kubo's CID for the ${vector.name}`, async () => {
      expect(await cidOf(vector.bytes())).toBe(vector.cid);
    });
  }

  it('gives a raw-leaf CIDv1 up to one chunk and a dag-pb root above', async () => {
    expect(await cidOf(deterministicBytes(262_144))).toMatch(/^bafkrei/);
    expect(await cidOf(deterministicBytes(262_145))).toMatch(/^bafybei/);
  });

  it('changes when one byte of a multi-chunk file changes', async () => {
    const bytes = deterministicBytes(600_000);
    const before = await cidOf(bytes);
    bytes[599_999] = bytes[599_999]! ^ 1;
    expect(await cidOf(bytes)).not.toBe(before);
  });
});
