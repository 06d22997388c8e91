/**
 * npm run build -w datasets [-- --write] [-- --out <dir>]
 * Rebuilds every dataset from its source and compares the manifest byte for byte with the committed one.
 * Exit codes: 0 all identical (or written with --write), 1 a difference, 2 bad usage or a build error.
 * --write  replaces the committed manifests with the rebuilt ones (after a deliberate change).
 * --out    also writes each dataset's shard files to <dir>/<name>/ (e.g. to `ipfs add -r` them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithCommitted } from '../src/checkBuild';
import { buildMnist } from '../src/mnist/buildMnist';
import { MNIST_MANIFEST_PATH } from '../src/mnist/load';
import { buildKjv } from '../src/kjv/buildKjv';
import { KJV_MANIFEST_PATH } from '../src/kjv/load';

const args = process.argv.slice(2);
let write = false;
let outDir: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--write') write = true;
  else if (args[i] === '--out' && args[i + 1] !== undefined) outDir = args[++i];
  else {
    process.stderr.write(`unknown argument ${JSON.stringify(args[i])}; expected --write or --out <dir>\n`);
    process.exit(2);
  }
}

const datasets = [
  { name: 'mnist', manifestPath: MNIST_MANIFEST_PATH, build: buildMnist },
  { name: 'kjv', manifestPath: KJV_MANIFEST_PATH, build: buildKjv },
];

let failed = false;
try {
  for (const { name, manifestPath, build } of datasets) {
    const built = await build(outDir === undefined ? undefined : join(outDir, name));
    const result = compareWithCommitted(built, manifestPath);
    const { datasetRoot, shardsCid, shards } = built.manifest;
    const bytes = shards.reduce((n, s) => n + s.bytes, 0);
    process.stdout.write(
      `${name}: ${shards.length} shards, ${bytes} bytes, datasetRoot ${datasetRoot}, shardsCid ${shardsCid}\n`,
    );
    if (write) {
      writeFileSync(manifestPath, result.rebuiltText);
      process.stdout.write(`${name}: wrote ${manifestPath}\n`);
    } else if (result.matches) {
      process.stdout.write(`${name}: identical to ${manifestPath}\n`);
    } else {
      failed = true;
      process.stderr.write(
        `${name}: rebuilt manifest differs from ${manifestPath}:\n  ${result.differences.join('\n  ')}\n`,
      );
    }
  }
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
process.exit(failed ? 1 : 0);
