import { describe, expect, it } from 'vitest';
import { mapKuboError } from './kuboStore';

// Kubo's own answers cannot be produced here (no Kubo binary installable), so its messages are fed in as
// kubo-rpc-client reports them: an HTTPError whose message is Kubo's `Message` field.
function httpError(status: number, message: string) {
  return Object.assign(new Error(message), { name: 'HTTPError', response: { status } });
}

const URL = 'http://127.0.0.1:5001';
const CID = 'bafkreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm';

describe('mapKuboError', () => {
  it('maps Kubo "not found" answers to NOT_FOUND', () => {
    for (const message of [
      `block was not found locally (offline): ipld: could not find ${CID}`,
      `merkledag: not found`,
      `no link named "x" under ${CID}`,
    ]) {
      expect(mapKuboError(httpError(500, message), `get of ${CID}`, URL, CID)).toMatchObject({
        code: 'NOT_FOUND',
        cid: CID,
        endpoint: URL,
      });
    }
  });

  it('maps "not a file" answers to INVALID_CID', () => {
    expect(mapKuboError(httpError(500, 'this dag node is a directory'), `get of ${CID}`, URL, CID)).toMatchObject({
      code: 'INVALID_CID',
    });
  });

  it('maps other HTTP failures to UNAVAILABLE with the status', () => {
    const err = mapKuboError(httpError(502, 'Bad Gateway'), `get of ${CID}`, URL, CID);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 502') });
  });

  it('maps a refused connection to UNAVAILABLE naming the URL and what was expected', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const err = mapKuboError(refused, 'add of 3 bytes', URL);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain(`Kubo RPC API ${URL} is unreachable (ECONNREFUSED)`);
    expect(err.message).toContain('expected a running daemon');
    expect(err.cause).toBe(refused);
  });
});
