// `npm start`: the local devnet. Today it starts anvil, deploys and wires the contracts, and writes
// deployments/31337.json; the nodes, IPFS and the dashboard join it as their issues land (README).
import path from 'node:path';
import { deployContracts, startAnvil } from '@veritrain/protocol/node';
import { repoRoot } from '../protocol/src/node/foundry';

// anvil's first default account: a well-known devnet key, never a secret.
const DEVNET_DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const port = Number(process.env.VERITRAIN_DEVNET_PORT ?? 8545);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`VERITRAIN_DEVNET_PORT must be a TCP port (1-65535), got ${JSON.stringify(process.env.VERITRAIN_DEVNET_PORT)}`);
  process.exit(2);
}

const log = (msg: string) => console.log(`[devnet] ${msg}`);
log(`starting anvil on 127.0.0.1:${port} ...`);
const anvil = await startAnvil({ port, args: ['--block-time', '1'] }).catch((err: Error) => {
  console.error(`[devnet] could not start anvil: ${err.message}`);
  process.exit(1);
});
let stopping = false;
const stop = async (code: number) => {
  if (stopping) process.exit(code);
  stopping = true;
  log('stopping (Ctrl+C again to force) ...');
  await anvil.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const outFile = path.join(repoRoot, 'deployments', '31337.json');
  log('deploying RewardToken, Coordinator and DisputeCourt with forge ...');
  const d = await deployContracts({ rpcUrl: anvil.rpcUrl, privateKey: DEVNET_DEPLOYER_KEY, outFile });
  log(`RPC          ${anvil.rpcUrl} (chain ${d.chainId})`);
  log(`Coordinator  ${d.coordinator}`);
  log(`DisputeCourt ${d.court}`);
  log(`RewardToken  ${d.token}`);
  log(`addresses    ${path.relative(process.cwd(), outFile)}`);
  log('ready; Ctrl+C stops everything');
} catch (err) {
  console.error(`[devnet] deployment failed: ${(err as Error).message}`);
  await stop(1);
}
