import { createServer, type Server } from 'node:http';
import type { GraphqlRequest } from './createGraphqlHandler';
import type { ExecutionResult } from 'graphql';

export type GraphqlServer = { url: string; server: Server; close(): Promise<void> };

/**
 * Serves a GraphQL handler over HTTP on loopback, as graph-node serves /subgraphs/name/<name> (any path answers;
 * CORS open, as graph-node's query port is, so a dashboard on another port can read it).
 */
export async function serveGraphql(
  handle: (req: GraphqlRequest) => Promise<ExecutionResult>,
  port = 0,
): Promise<GraphqlServer> {
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, accept');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        let request: GraphqlRequest;
        try {
          request = JSON.parse(body) as GraphqlRequest;
        } catch {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: 'the request body must be JSON' }] }));
          return;
        }
        const result = await handle(request);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}/subgraphs/name/veritrain`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
