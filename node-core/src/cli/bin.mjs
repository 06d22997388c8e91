#!/usr/bin/env node
// `veritrain-run` bin: the package ships TypeScript source, so register tsx's loader, then run the CLI.
import { register } from 'tsx/esm/api';

// `veritrain-run … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
