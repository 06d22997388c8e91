// `veritrain-fraud-proofer`: `npm run fraud-proofer -w fraud-proofer -- --run-id 1 …`. Exit codes in docs/nodes.md.
import { runNode, type RunNodeOptions } from '@veritrain/node-core';
import { fraudProoferOptions } from './options';
import { watchLoop } from './watchLoop';

export const fraudProoferNode = {
  name: 'fraud-proofer',
  description: 'veritrain fraud-proofer: re-executes submissions and disputes the first wrong step',
  options: fraudProoferOptions,
  defaultMetricsPort: 9474,
  examples: [
    'VERITRAIN_PRIVATE_KEY=0x… veritrain-fraud-proofer --run-id 1',
    'veritrain-fraud-proofer --run-id 1 --sample 0.25 --key-file fp.key --ipfs-api http://127.0.0.1:5001',
  ],
  run: watchLoop,
};

export function main(argv: string[], options?: RunNodeOptions) {
  return runNode(fraudProoferNode, argv, options);
}

const isEntry = process.argv[1] !== undefined && /[\\/]fraud-proofer[\\/]src[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
