import type { Command } from 'commander';
import { canonicalRunSpec } from '../../spec/canonicalRunSpec';
import { specHash } from '../../spec/specHash';
import { printResult, readSpec } from '../io';

export function registerSpec(program: Command): void {
  program
    .command('spec')
    .description('validate a run spec and print its canonical JSON and specHash')
    .requiredOption('--spec <file>', 'run spec JSON')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', '\nExample:\n  $ veritrain-engine spec --spec run.json')
    .action((opts: { spec: string; json?: boolean }) => {
      const spec = readSpec(opts.spec);
      const canonical = canonicalRunSpec(spec);
      printResult(Boolean(opts.json), { specHash: specHash(spec), canonical }, [
        `specHash   ${specHash(spec)}`,
        `canonical  ${canonical}`,
      ]);
    });
}
