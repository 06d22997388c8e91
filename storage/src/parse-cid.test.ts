import { describe, expect, it } from 'vitest';
import { canonicalCidString, parseCid } from './parse-cid';

describe('parseCid', () => {
  it('gives the base32 CIDv1 text of a base58 CIDv1 (as js-ipfs prints them)', () => {
    expect(canonicalCidString('zb2rhmy65F3REf8SZp7De11gxtECBGgUKaLdiDj7MCGCHxbDW')).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  });

  it('upgrades a CIDv0 to v1 (dag-pb), which never equals canonical content', () => {
    expect(parseCid('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH').toString()).toMatch(/^bafybei/);
  });

  it('names the bad input and what was expected', () => {
    expect(() => parseCid('hello')).toThrow(expect.objectContaining({ code: 'INVALID_CID', cid: 'hello', message: expect.stringContaining('"hello" is not a CID') }));
    expect(() => parseCid('')).toThrow(expect.objectContaining({ code: 'INVALID_CID' }));
  });
});
