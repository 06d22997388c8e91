import { createServer, type Server } from 'node:http';
import type { GraphqlRequest } from './createGraphqlHandler';
import type { ExecutionResult } from 'graphql';

export type GraphqlServer = { url: string; server: Server; close(): Promise<void> };

/** Serves a GraphQL handler over HTTP on a loopback port, as graph-node serves /subgraphs/name/<name>. */
export async function serveGraphql(handle: (req: GraphqlRequest) => Promise<ExecutionResult>): Promise<GraphqlServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        let request: GraphqlRequest;
        try {
          request = JSON.parse(body) as GraphqlRequest;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'the request body must be JSON' }] }));
          return;
        }
        const result = await handle(request);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/subgraphs/name/veritrain`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
