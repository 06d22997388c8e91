// `veritrain-validator`: `npm run validator -w validator -- …`. Exit codes in docs/nodes.md.
import { runNode, type RunNodeOptions } from '@veritrain/node-core';
import { validatorOptions } from './options';
import { voteLoop } from './voteLoop';

export const validatorNode = {
  name: 'validator',
  description: 'veritrain validator: stakes in the court, re-executes disputed steps, votes by commit-reveal',
  options: validatorOptions,
  defaultMetricsPort: 9484,
  examples: [
    'VERITRAIN_PRIVATE_KEY=0x… veritrain-validator --stake-wei 1000ether',
    'veritrain-validator --key-file validator.key --data-dir .veritrain/validator-2 --metrics-port 9485',
  ],
  run: voteLoop,
};

export function main(argv: string[], options?: RunNodeOptions) {
  return runNode(validatorNode, argv, options);
}

const isEntry = process.argv[1] !== undefined && /[\\/]validator[\\/]src[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
