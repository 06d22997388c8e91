import { describe, expect, it } from 'vitest';
import { postGraphql, type FetchLike } from './postGraphql';
import { SubgraphSourceError } from './subgraphSourceError';

const URL = 'http://graph.example/subgraphs/name/veritrain';
const answer =
  (status: number, body: string): FetchLike =>
  async () => ({
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 502 ? 'Bad Gateway' : 'OK',
    text: async () => body,
  });

async function failure(fetch: FetchLike): Promise<SubgraphSourceError> {
  const e = await postGraphql({ url: URL, query: '{ _meta { block { number } } }', fetch }).catch(
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SubgraphSourceError);
  return e as SubgraphSourceError;
}

describe('postGraphql', () => {
  it('returns the data object of a good answer', async () => {
    await expect(postGraphql({ url: URL, query: '{ x }', fetch: answer(200, '{"data":{"x":1}}') })).resolves.toEqual({
      x: 1,
    });
  });

  it('says the endpoint is unreachable when the request fails, naming the URL', async () => {
    const e = await failure(async () => {
      throw new TypeError('fetch failed');
    });
    expect(e.failure).toBe('unreachable');
    expect(e.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(e.message).toBe(`could not reach the subgraph at ${URL}: fetch failed`);
  });

  it('reports an HTTP error with its status', async () => {
    const e = await failure(answer(502, '<html>bad gateway</html>'));
    expect(e.failure).toBe('http');
    expect(e.message).toMatch(/answered HTTP 502 Bad Gateway/);
  });

  it('reports GraphQL errors with their messages', async () => {
    const e = await failure(
      answer(200, '{"errors":[{"message":"Type `Query` has no field `runz`"},{"message":"second"}]}'),
    );
    expect(e.failure).toBe('graphql');
    expect(e.message).toMatch(/answered with errors: Type `Query` has no field `runz`; second$/);
  });

  it('calls an answer without data or not JSON malformed', async () => {
    expect((await failure(answer(200, '{"data":null}'))).message).toMatch(/without a "data" object/);
    const e = await failure(answer(200, 'hello'));
    expect(e.failure).toBe('malformed');
    expect(e.message).toMatch(/not JSON: "hello"/);
  });
});
