// A worker daemon as a child process on a test chain (the e2e scenarios of this folder): JSON logs, free metrics
// port, its own embedded IPFS node on `ipfsPort` bootstrapped to `bootstrap`, the key in the environment.
import { createRequire } from 'node:module';
import { spawnNodeProcess, type NodeProcess } from '@veritrain/node-core/testing';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const workerMain = new URL('../../src/main.ts', import.meta.url).pathname;

export type SpawnWorkerParameters = {
  runId: bigint;
  rpcUrl: string;
  deploymentFile: string;
  key: string;
  dataDir: string;
  ipfsPort: number;
  bootstrap: string[];
  extra?: string[];
};

export function spawnWorker(p: SpawnWorkerParameters): NodeProcess {
  return spawnNodeProcess({
    name: 'worker',
    tsxLoader,
    script: workerMain,
    args: [
      '--run-id',
      p.runId.toString(),
      '--deployment',
      p.deploymentFile,
      '--data-dir',
      p.dataDir,
      '--metrics-port',
      '0',
      '--ipfs-listen',
      `/ip4/127.0.0.1/tcp/${p.ipfsPort}`,
      '--ipfs-bootstrap',
      p.bootstrap.join(','),
      '--ipfs-timeout-ms',
      '20000',
      '--poll-interval-ms',
      '300',
      '--log-format',
      'json',
      ...(p.extra ?? []),
    ],
    env: { VERITRAIN_PRIVATE_KEY: p.key, VERITRAIN_RPC_URL: p.rpcUrl },
  });
}
