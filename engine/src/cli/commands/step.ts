import type { Command } from 'commander';
import { stateRootNode } from '../../checkpoint/stateRoot.node.js';
import { loadRunData } from '../../train/loadRunData';
import { runSteps } from '../../train/runSteps';
import { loadCliBackend, type BackendFlags } from '../backend';
import { backendOption, cacheDirOption, dataOptions, threadsOption } from '../options';
import { printResult, progress, readCheckpoint, readSpec, writeBytesAtomic } from '../io';
import { positiveInteger } from '../parsers';

type StepFlags = BackendFlags & {
  spec: string;
  checkpoint: string;
  steps: number;
  out: string;
  cacheDir?: string;
  json?: boolean;
  quiet?: boolean;
};

export function registerStep(program: Command): void {
  program
    .command('step')
    .description("compute steps s+1…s+K from a checkpoint at step s; print every step's stateRoot and loss")
    .requiredOption('--spec <file>', 'run spec JSON')
    .requiredOption('--checkpoint <file>', 'parent checkpoint (step s)')
    .requiredOption('--steps <K>', 'number of steps to compute', positiveInteger)
    .requiredOption('--out <file>', 'where to write the checkpoint after the last step')
    .addOption(cacheDirOption())
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print the result as one JSON object')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  $ veritrain-engine step --spec run.json --checkpoint step0.ckpt --steps 10 --out step10.ckpt\n' +
        '  $ veritrain-engine step --spec run.json --checkpoint step10.ckpt --steps 5 --out step15.ckpt --json\n' +
        '  $ veritrain-engine step --spec run.json --checkpoint step0.ckpt --steps 10 --out step10.ckpt --backend ref',
    )
    .action(async (opts: StepFlags, command: Command) => {
      const { backend } = await loadCliBackend(command, opts, opts.quiet);
      const spec = readSpec(opts.spec);
      const parent = readCheckpoint(opts.checkpoint);
      const data = loadRunData(spec, dataOptions(opts.cacheDir));
      const started = performance.now();
      const last = parent.checkpoint.step + opts.steps;
      const { records, checkpoint } = runSteps({
        spec,
        checkpoint: parent.bytes,
        steps: opts.steps,
        data,
        backend,
        stateRoot: stateRootNode,
        onStep: (r) => {
          if (!opts.quiet)
            progress(
              `step ${r.step}/${last} loss ${r.loss.toFixed(6)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
            );
        },
      });
      writeBytesAtomic(opts.out, checkpoint);
      const finalRoot = records[records.length - 1]!.stateRoot;
      printResult(
        Boolean(opts.json),
        { backend: backend.name, fromStep: parent.checkpoint.step, records, finalRoot, out: opts.out },
        [
          ...records.map((r) => `${r.step}\t${r.stateRoot}\t${r.loss}\t${r.lossBits}`),
          `wrote ${opts.out} (step ${last}, stateRoot ${finalRoot})`,
        ],
      );
    });
}
