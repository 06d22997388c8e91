import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The deployment JSON the app fetches at start (./deployment.json): VERITRAIN_DEPLOYMENT_FILE, else the devnet's
// deployments/31337.json. Served by `vite` and `vite preview`, and copied into dist/ by `vite build`, so a
// static build is re-pointed at another chain by replacing dist/deployment.json (and the RPC with ?rpc=).
const deploymentFile =
  process.env.VERITRAIN_DEPLOYMENT_FILE ?? path.resolve(import.meta.dirname, '../deployments/31337.json');

function deploymentJson(): Plugin {
  const serve = (
    req: { url?: string },
    res: { setHeader(k: string, v: string): void; statusCode: number; end(b?: string): void },
    next: () => void,
  ) => {
    if (!req.url?.startsWith('/deployment.json')) return next();
    if (!existsSync(deploymentFile)) {
      res.statusCode = 404;
      return res.end(
        `no deployment at ${deploymentFile}: start the devnet (npm start) or set VERITRAIN_DEPLOYMENT_FILE`,
      );
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
      if (existsSync(deploymentFile))
        this.emitFile({ type: 'asset', fileName: 'deployment.json', source: readFileSync(deploymentFile, 'utf8') });
    },
  };
}

// The training data "Verify" re-executes steps on (src/verify/fetchRunData.ts): each dataset's committed manifest
// (datasets/<name>/manifest.json) and its train shards from the loaders' cache (datasets/.cache/<name>/, which
// every node fills when it loads a run's data), at ./datasets/<name>/<file>. The page checks every shard's SHA-256
// and the manifest's Merkle root against the run spec's datasetRoot, so these are served like any other asset.
// `vite build` copies them into dist/datasets/ (mnist 6.3 MB, kjv 4.0 MB; VERITRAIN_DASHBOARD_DATASETS=mnist,kjv
// or none chooses); only a dataset whose every train shard is in the cache with the manifest's hash is copied.
const datasetsDir = path.resolve(import.meta.dirname, '../datasets');
type ServedDataset = {
  name: string;
  manifestPath: string;
  shards: { file: string; path: string; bytes: number; sha256: string }[];
};

function servedDatasets(): ServedDataset[] {
  if (!existsSync(datasetsDir)) return [];
  return readdirSync(datasetsDir)
    .filter((name) => /^[a-z0-9-]+$/.test(name) && existsSync(path.join(datasetsDir, name, 'manifest.json')))
    .map((name) => {
      const manifestPath = path.join(datasetsDir, name, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        shards: { file: string; split: string; bytes: number; sha256: string }[];
      };
      const shards = manifest.shards
        .filter((s) => s.split === 'train' && /^[a-z0-9-]+\.bin$/.test(s.file))
        .map((s) => ({
          file: s.file,
          path: path.join(datasetsDir, '.cache', name, s.file),
          bytes: s.bytes,
          sha256: s.sha256,
        }));
      return { name, manifestPath, shards };
    });
}

function trainingData(): Plugin {
  const serve = (
    req: { url?: string },
    res: { setHeader(k: string, v: string): void; statusCode: number; end(b?: string | Buffer): void },
    next: () => void,
  ) => {
    const m = /^\/datasets\/([a-z0-9-]+)\/([a-z0-9.-]+)(\?.*)?$/.exec(req.url ?? '');
    if (!m) return next();
    const dataset = servedDatasets().find((d) => d.name === m[1]);
    const file = m[2] === 'manifest.json' ? dataset?.manifestPath : dataset?.shards.find((s) => s.file === m[2])?.path;
    if (!dataset || !file) {
      res.statusCode = 404;
      return res.end(
        `no ${m[1]}/${m[2]}: the training data served here is the manifest and train shards of ${servedDatasets()
          .map((d) => d.name)
          .join(', ')}`,
      );
    }
    if (!existsSync(file)) {
      res.statusCode = 404;
      return res.end(
        `${path.relative(datasetsDir, file)} is not built yet: a node loading a ${dataset.name} run builds it (or npm test -w datasets)`,
      );
    }
    res.setHeader('content-type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('cache-control', 'no-cache');
    res.end(readFileSync(file));
  };
  return {
    name: 'veritrain-training-data',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
    generateBundle() {
      const wanted = process.env.VERITRAIN_DASHBOARD_DATASETS?.split(',').map((n) => n.trim());
      for (const d of servedDatasets()) {
        if (wanted && !wanted.includes(d.name)) continue;
        const missing = d.shards.find(
          (s) =>
            !existsSync(s.path) ||
            statSync(s.path).size !== s.bytes ||
            `0x${createHash('sha256').update(readFileSync(s.path)).digest('hex')}` !== s.sha256,
        );
        if (missing) {
          this.warn(
            `dataset ${d.name} left out of dist/datasets: ${path.relative(datasetsDir, missing.path)} is missing or not the manifest's (npm test -w datasets builds it); "Verify" will not work for ${d.name} runs`,
          );
          continue;
        }
        this.emitFile({
          type: 'asset',
          fileName: `datasets/${d.name}/manifest.json`,
          source: readFileSync(d.manifestPath),
        });
        for (const s of d.shards)
          this.emitFile({ type: 'asset', fileName: `datasets/${d.name}/${s.file}`, source: readFileSync(s.path) });
      }
    },
  };
}

export default defineConfig({
  // Relative asset paths: dist/ works from any directory of any static server.
  base: './',
  plugins: [react(), deploymentJson(), trainingData()],
  // The verification worker (src/verify/computeSteps.worker.ts) is an ES module, like the page.
  worker: { format: 'es' },
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
