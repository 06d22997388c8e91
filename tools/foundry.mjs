#!/usr/bin/env node
// Runs a Foundry binary (forge | anvil) shipped by the @foundry-rs npm packages and passes its
// exit code through. The npm wrappers in node_modules/.bin always exit 0, even when tests fail, so
// nothing in this repo may call them (see docs/development.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { foundryBinary } from './foundryPath.mjs';

const [tool, ...args] = process.argv.slice(2);
if (!['forge', 'anvil'].includes(tool ?? '')) {
  console.error(`usage: node tools/foundry.mjs <forge|anvil> [args...] (got tool: ${JSON.stringify(tool)})`);
  process.exit(2);
}
const bin = foundryBinary(tool);
if (!existsSync(bin)) {
  console.error(
    `foundry: ${bin} not found; run \`npm install\` (the npm Foundry packages exist for linux x86-64 only)`,
  );
  process.exit(127);
}
const result = spawnSync(bin, args, { stdio: 'inherit' });
if (result.error) {
  console.error(`foundry: could not start ${bin}: ${result.error.message}`);
  process.exit(127);
}
process.exit(result.status ?? 1);
