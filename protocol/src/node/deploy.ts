import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Hex } from 'viem';
import type { Deployment } from '../deployment';
import { foundryBinary, repoRoot } from './foundry';
import { readDeployment } from './deployment';

const run = promisify(execFile);

export type DeployContractsParameters = {
  rpcUrl: string;
  /** Deployer key; it becomes admin, run creator and parameter setter. */
  privateKey: Hex;
  /** Extra VERITRAIN_* overrides read by Deploy.s.sol (e.g. VERITRAIN_COMMIT_DURATION_S). */
  env?: Record<string, string>;
  /** Where to write the deployment JSON; forge may only write under deployments/ (foundry.toml
   *  fs_permissions). Default: a fresh deployments/run-<random>.json. */
  outFile?: string;
};

/** Runs contracts/script/Deploy.s.sol with forge against `rpcUrl` and returns the deployment it wrote. */
export async function deployContracts(params: DeployContractsParameters): Promise<Deployment> {
  const outFile = params.outFile ?? path.join(repoRoot, 'deployments', `run-${randomBytes(6).toString('hex')}.json`);
  await run(
    foundryBinary('forge'),
    [
      'script',
      'contracts/script/Deploy.s.sol',
      '--rpc-url',
      params.rpcUrl,
      '--broadcast',
      '--private-key',
      params.privateKey,
      '--slow',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...params.env, VERITRAIN_DEPLOYMENT_FILE: outFile },
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  return readDeployment(outFile);
}
