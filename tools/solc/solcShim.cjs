// A native-solc stand-in for forge, built on solc-js (npm `solc`, pinned in package.json).
//
// forge talks to solc in two ways: `solc --version` (parsed for "Version: x.y.z+commit...") and
// `solc --standard-json [--allow-paths ...] [--base-path ...]` with the input JSON on stdin. forge inlines every
// source in the standard JSON, so no import callback is needed.
//
// Two traps of solc-js are avoided here:
// - its CLI exits before a large stdout pipe drains (truncating ~1 MB outputs): we write with
//   process.stdout.write and let Node flush before exiting;
// - its `compile` wrapper passes the input through Emscripten's `ccall`, which copies the string onto the ~5 MiB
//   wasm stack at up to 4 bytes per character: inputs above ~1.3 MB crash with "memory access out of bounds".
//   We copy the UTF-8 input into a heap buffer and call solidity_compile directly.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  const solc = require(require.resolve('solc', { paths: [root] }));
  const native = solc.version().replace(/\.Emscripten\.clang$/, '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${native}\n`);
} else if (!args.includes('--standard-json')) {
  process.stderr.write(`solc-shim: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exitCode = 2;
} else {
  compileStandardJson();
}

function compileStandardJson() {
  const soljson = require(require.resolve('solc/soljson.js', { paths: [root] }));
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks);
    const inPtr = soljson._malloc(input.length + 1);
    soljson.HEAPU8.set(input, inPtr);
    soljson.HEAPU8[inPtr + input.length] = 0;
    const outPtr = soljson._solidity_compile(inPtr, 0, 0);
    const output = soljson.UTF8ToString(outPtr);
    soljson._solidity_free(outPtr);
    soljson._free(inPtr);
    // Keep stdout pure JSON (solc-js may print progress lines prefixed with ">>> ").
    process.stdout.write(
      output
        .split('\n')
        .filter((line) => !line.startsWith('>>> '))
        .join('\n'),
    );
  });
}
