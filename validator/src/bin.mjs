#!/usr/bin/env node
// `veritrain-validator` bin: the package ships TypeScript source, so register tsx's loader, then run the node.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
