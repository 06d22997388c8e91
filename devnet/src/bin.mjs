#!/usr/bin/env node
// `veritrain-devnet` bin: the package ships TypeScript source, so register tsx's loader, then run the devnet.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
