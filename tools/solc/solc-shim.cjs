// A native-solc stand-in for forge, built on solc-js (npm `solc`, pinned in package.json).
//
// forge talks to solc in two ways: `solc --version` (parsed for "Version: x.y.z+commit...") and
// `solc --standard-json [--allow-paths ...] [--base-path ...]` with the input JSON on stdin.
// forge inlines every source in the standard JSON, so no import callback is needed.
// We read stdin to the end asynchronously and let Node flush stdout before exiting: solc-js's own
// CLI exits before a large pipe drains and truncates ~1 MB outputs.
'use strict';
const path = require('node:path');
const solc = require(require.resolve('solc', { paths: [path.resolve(__dirname, '..', '..')] }));

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  const v = solc.version(); // e.g. 0.8.28+commit.7893614a.Emscripten.clang
  const native = v.replace(/\.Emscripten\.clang$/, '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${native}\n`);
  return;
}
if (!args.includes('--standard-json')) {
  process.stderr.write(`solc-shim: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exitCode = 2;
  return;
}
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const output = solc.compile(input);
  // solc-js may print progress lines prefixed with ">>> "; keep stdout pure JSON.
  const clean = output
    .split('\n')
    .filter((line) => !line.startsWith('>>> '))
    .join('\n');
  process.stdout.write(clean);
});
