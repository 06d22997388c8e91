#!/usr/bin/env node
// `veritrain-ipfs` bin: the package ships TypeScript source, so register tsx's loader, then run the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./ipfsNode.ts');
process.exitCode = await main(process.argv.slice(2));
