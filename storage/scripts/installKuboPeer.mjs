#!/usr/bin/env node
// Installs the Kubo store's test peer, js-ipfs 0.66.1 (a real server of the Kubo RPC API: Kubo itself cannot
// be installed here), into test/kubo-peer/node_modules from its own lock file. It is not a workspace, so
// `npm ci` at the root stays light (about 1,100 packages less); the storage tests and the storage bench run
// this first, and it does nothing when the installed tree already matches the lock (docs/development.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const peerDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'kubo-peer');
const stamp = join(peerDir, 'node_modules', '.veritrain-lock-sha256');
const lockHash = createHash('sha256')
  .update(readFileSync(join(peerDir, 'package-lock.json')))
  .digest('hex');

if (
  existsSync(join(peerDir, 'node_modules', 'ipfs', 'src', 'cli.js')) &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === lockHash
) {
  process.exit(0);
}
console.error('storage: installing the Kubo RPC test peer (js-ipfs 0.66.1) into storage/test/kubo-peer, once …');
const started = Date.now();
// A clean environment for the nested npm: the npm_* variables of the `npm test -w storage` that runs this
// would point it at the root workspace.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') || k === 'npm_config_cache'),
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--omit=optional', '--loglevel=error'], {
  cwd: peerDir,
  env,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(
    `storage: installing the Kubo RPC test peer failed (npm ci exited ${result.status ?? result.signal}); the Kubo store tests need it`,
  );
  process.exit(1);
}
writeFileSync(stamp, lockHash);
console.error(`storage: Kubo RPC test peer installed in ${Math.round((Date.now() - started) / 1000)} s`);
