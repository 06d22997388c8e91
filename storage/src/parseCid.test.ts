import { describe, expect, it } from 'vitest';
import { canonicalCidString, MAX_CID_LENGTH, parseCid } from './parseCid';
import { StorageError } from './storageError';

describe('parseCid', () => {
  it('gives the base32 CIDv1 text of a base58 CIDv1 (as js-ipfs prints them)', () => {
    expect(canonicalCidString('zb2rhmy65F3REf8SZp7De11gxtECBGgUKaLdiDj7MCGCHxbDW')).toBe(
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    );
  });

  it('upgrades a CIDv0 to v1 (dag-pb), which never equals canonical content', () => {
    expect(parseCid('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH').toString()).toMatch(/^bafybei/);
  });

  it('names the bad input and what was expected', () => {
    expect(() => parseCid('hello')).toThrow(
      expect.objectContaining({
        code: 'INVALID_CID',
        cid: 'hello',
        message: expect.stringContaining('"hello" is not a CID'),
      }),
    );
    expect(() => parseCid('')).toThrow(expect.objectContaining({ code: 'INVALID_CID' }));
  });
});

describe('parseCid on hostile input', () => {
  it(`refuses anything over ${MAX_CID_LENGTH} characters at once, in time linear in the input`, () => {
    for (const length of [MAX_CID_LENGTH + 1, 16_384, 1_048_576]) {
      const text = `z${'2'.repeat(length - 1)}`; // base58btc: the quadratic decoder
      const started = performance.now();
      const err = (() => {
        try {
          parseCid(text);
        } catch (e) {
          return e as StorageError;
        }
        throw new Error('expected a refusal');
      })();
      expect(performance.now() - started).toBeLessThan(50);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.code).toBe('INVALID_CID');
      expect(err.message).toContain(
        `(${length} characters) is not a CID: expected at most ${MAX_CID_LENGTH} characters`,
      );
      // The message quotes a bounded prefix, not a megabyte.
      expect(err.message.length).toBeLessThan(300);
    }
  });

  it('still parses a CID padded with whitespace up to the bound', () => {
    expect(canonicalCidString('  bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\n')).toBe(
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    );
  });
});

describe('parseCid and hashes', () => {
  it('refuses a CID of any multihash but sha2-256, since no store can verify it', async () => {
    const { CID } = await import('multiformats/cid');
    const { identity } = await import('multiformats/hashes/identity');
    const sha512 = CID.parse(
      'bafkrgqhhyivzstcz3hhswshfjgy6ertgmnqeleynhwt4dlfsthi4hn7zgh4uvlsb5xncykzapi3ocd4lzogukir6ksdy6wzrnz6ohnv4aglcs',
    );
    for (const cid of [sha512, CID.createV1(0x55, identity.digest(new TextEncoder().encode('hi')))]) {
      expect(() => parseCid(cid.toString())).toThrow(
        expect.objectContaining({ code: 'INVALID_CID', message: expect.stringContaining('expected sha2-256') }),
      );
    }
  });
});
