import type { Command } from 'commander';
import { stateRootNode } from '../../checkpoint/stateRoot.node.js';
import { loadRunData } from '../../train/loadRunData';
import { verifyStep } from '../../train/verifyStep';
import { EXIT } from '../exitCodes';
import { loadCliBackend, type BackendFlags } from '../backend';
import { backendOption, cacheDirOption, dataOptions, threadsOption } from '../options';
import { printResult, readBytes, readSpec } from '../io';
import { root32, uint32 } from '../parsers';

type VerifyFlags = BackendFlags & {
  spec: string;
  parent: string;
  stateRoot: `0x${string}`;
  lossBits: number;
  cacheDir?: string;
  json?: boolean;
};

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute step s+1 from its parent and check a claimed stateRoot and loss bits (exit 0 = correct, 1 = wrong)',
    )
    .requiredOption('--spec <file>', 'run spec JSON')
    .requiredOption('--parent <file>', 'parent checkpoint (step s)')
    .requiredOption('--state-root <0x…>', 'claimed stateRoot after step s+1', root32)
    .requiredOption('--loss-bits <uint32>', 'claimed float32 bits of the step s+1 loss (decimal or 0x-hex)', uint32)
    .addOption(cacheDirOption())
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print the verdict as one JSON object')
    .addHelpText(
      'after',
      '\nExample:\n  $ veritrain-engine verify --spec run.json --parent step9.ckpt \\\n' +
        '      --state-root 0x1b2d…7779 --loss-bits 1075498328',
    )
    .action(async (opts: VerifyFlags, command: Command) => {
      const { backend } = await loadCliBackend(command, opts);
      const spec = readSpec(opts.spec);
      const parent = readBytes(opts.parent, 'parent checkpoint');
      const data = loadRunData(spec, dataOptions(opts.cacheDir));
      const r = verifyStep({
        spec,
        parent,
        data,
        claimed: { stateRoot: opts.stateRoot, lossBits: opts.lossBits },
        backend,
        stateRoot: stateRootNode,
      });
      printResult(Boolean(opts.json), { ...r, backend: backend.name }, [
        r.ok ? `ok: step ${r.step} stateRoot ${r.stateRoot} lossBits ${r.lossBits}` : `REJECTED: ${r.reason}`,
      ]);
      process.exitCode = r.ok ? EXIT.OK : EXIT.CLAIM_REJECTED;
    });
}
