import type { Command } from 'commander';
import { evaluate } from '../../train/evaluate';
import { loadRunData } from '../../train/loadRunData';
import { loadCliBackend, type BackendFlags } from '../backend';
import { backendOption, cacheDirOption, dataOptions, threadsOption } from '../options';
import { printResult, readCheckpoint, readSpec } from '../io';
import { positiveInteger, split } from '../parsers';

type EvalFlags = BackendFlags & {
  spec: string;
  checkpoint: string;
  split: 'train' | 'test';
  maxExamples?: number;
  cacheDir?: string;
  json?: boolean;
};

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('loss and accuracy of a checkpoint on the held-out split (outside consensus)')
    .requiredOption('--spec <file>', 'run spec JSON')
    .requiredOption('--checkpoint <file>', 'checkpoint to evaluate')
    .option('--split <name>', 'train or test', split, 'test' as const)
    .option('--max-examples <N>', 'only the first N examples of the split', positiveInteger)
    .addOption(cacheDirOption())
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', '\nExample:\n  $ veritrain-engine eval --spec run.json --checkpoint step300.ckpt --json')
    .action(async (opts: EvalFlags, command: Command) => {
      const { backend } = await loadCliBackend(command, opts);
      const spec = readSpec(opts.spec);
      const { checkpoint } = readCheckpoint(opts.checkpoint);
      const data = loadRunData(spec, dataOptions(opts.cacheDir));
      const r = evaluate({
        spec,
        checkpoint,
        data,
        split: opts.split,
        backend,
        ...(opts.maxExamples === undefined ? {} : { maxExamples: opts.maxExamples }),
      });
      printResult(Boolean(opts.json), { backend: backend.name, step: checkpoint.step, split: opts.split, ...r }, [
        `step      ${checkpoint.step}`,
        `split     ${opts.split} (${r.examples} examples, ${r.rows} predictions)`,
        `loss      ${r.loss}`,
        `accuracy  ${r.accuracy}`,
      ]);
    });
}
