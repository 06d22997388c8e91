import { existsSync } from 'node:fs';
import path from 'node:path';
import { readDeployment } from '@veritrain/protocol/node';
import type { Deployment } from '@veritrain/protocol';

export const subgraphRoot = path.resolve(import.meta.dirname, '..', '..');
const repoRoot = path.resolve(subgraphRoot, '..');
/** Checked in: the addresses the forge deploy gives on a fresh anvil (deterministic: deployer nonces 0-2). */
export const devnetDefaultFile = path.join(subgraphRoot, 'networks', 'veritrain-devnet.json');

/**
 * The deployment to index: the given file, else deployments/31337.json when a devnet wrote one, else the
 * checked-in devnet default.
 */
export function resolveDeployment(file?: string): { deployment: Deployment; source: string } {
  // A relative path is taken from where `npm run` was typed (npm runs workspace scripts inside the workspace).
  const candidates = file
    ? [path.resolve(process.env.INIT_CWD ?? process.cwd(), file)]
    : [path.join(repoRoot, 'deployments', '31337.json'), devnetDefaultFile];
  const source = candidates.find((c) => existsSync(c)) ?? candidates[0]!;
  return { deployment: readDeployment(source), source };
}
