import type { Command } from 'commander';
import { encodeCheckpoint } from '../../checkpoint/encode';
import { stateRootNode } from '../../checkpoint/stateRoot.node.js';
import { specHash } from '../../spec/specHash';
import { createGenesis } from '../../train/createGenesis';
import { printResult, readSpec, writeBytesAtomic } from '../io';

export function registerGenesis(program: Command): void {
  program
    .command('genesis')
    .description('write the step-0 checkpoint of a run (initial weights from the seed; needs no data)')
    .requiredOption('--spec <file>', 'run spec JSON')
    .requiredOption('--out <file>', 'where to write the checkpoint')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', '\nExample:\n  $ veritrain-engine genesis --spec run.json --out step0.ckpt')
    .action((opts: { spec: string; out: string; json?: boolean }) => {
      const spec = readSpec(opts.spec);
      const bytes = encodeCheckpoint(createGenesis(spec));
      writeBytesAtomic(opts.out, bytes);
      const result = {
        step: 0,
        specHash: specHash(spec),
        stateRoot: stateRootNode(bytes),
        bytes: bytes.length,
        out: opts.out,
      };
      printResult(Boolean(opts.json), result, [
        `step       0`,
        `specHash   ${result.specHash}`,
        `stateRoot  ${result.stateRoot}`,
        `wrote      ${opts.out} (${bytes.length} bytes)`,
      ]);
    });
}
