import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The deployment JSON the app fetches at start (./deployment.json): VERITRAIN_DEPLOYMENT_FILE, else the devnet's
// deployments/31337.json. Served by `vite` and `vite preview`, and copied into dist/ by `vite build`, so a
// static build is re-pointed at another chain by replacing dist/deployment.json (and the RPC with ?rpc=).
const deploymentFile = process.env.VERITRAIN_DEPLOYMENT_FILE ?? path.resolve(import.meta.dirname, '../deployments/31337.json');

function deploymentJson(): Plugin {
  const serve = (req: { url?: string }, res: { setHeader(k: string, v: string): void; statusCode: number; end(b?: string): void }, next: () => void) => {
    if (!req.url?.startsWith('/deployment.json')) return next();
    if (!existsSync(deploymentFile)) {
      res.statusCode = 404;
      return res.end(`no deployment at ${deploymentFile}: start the devnet (npm start) or set VERITRAIN_DEPLOYMENT_FILE`);
    }
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(readFileSync(deploymentFile, 'utf8'));
  };
  return {
    name: 'veritrain-deployment-json',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
    generateBundle() {
      if (existsSync(deploymentFile)) this.emitFile({ type: 'asset', fileName: 'deployment.json', source: readFileSync(deploymentFile, 'utf8') });
    },
  };
}

export default defineConfig({
  // Relative asset paths: dist/ works from any directory of any static server.
  base: './',
  plugins: [react(), deploymentJson()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    rolldownOptions: {
      treeshake: {
        // @veritrain/protocol is side-effect free source; saying so lets the bundler drop the parts the dashboard
        // never calls (the Merkle tree builder and its CommonJS dependencies, ~100 kB).
        moduleSideEffects: (id: string) => !/[\\/]protocol[\\/]src[\\/]/.test(id),
      },
    },
  },
});
