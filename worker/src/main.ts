// `veritrain-worker`: `npm run worker -w worker -- --run-id 1 …`. Exit codes in docs/nodes.md.
import { runNode, type RunNodeOptions } from '@veritrain/node-core';
import { workerOptions } from './options';
import { workLoop } from './workLoop';

export const workerNode = {
  name: 'worker',
  description: 'veritrain worker: leases training steps, computes them, publishes the checkpoint, submits, settles',
  options: workerOptions,
  defaultMetricsPort: 9464,
  examples: [
    'VERITRAIN_PRIVATE_KEY=0x59c6…690d veritrain-worker --run-id 1',
    'veritrain-worker --run-id 1 --key-file worker.key --rpc-url https://rpc.example --ipfs-api http://127.0.0.1:5001',
    'veritrain-worker --run-id 1 --max-leases 2 --data-dir .veritrain/worker-2 --metrics-port 9465',
    'veritrain-worker --run-id 1 --adversarial-corrupt-step 12   # tests and the demo only: gets slashed',
  ],
  run: workLoop,
};

export function main(argv: string[], options?: RunNodeOptions) {
  return runNode(workerNode, argv, options);
}

const isEntry = process.argv[1] !== undefined && /[\\/]worker[\\/]src[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
