// Test-only Solidity harnesses (contracts/test/harness/) on a real anvil: built alone into a private output dir
// (no race with another test's forge run over out/ and cache/), deployed from anvil's first account.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createPublicClient,
  createWalletClient,
  http,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { startAnvil } from '@veritrain/protocol/node';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..');

export type HarnessChain = {
  client: PublicClient;
  /** Deploys contracts/test/harness/<name>.sol's contract <name>. */
  deploy(name: string): Promise<{ address: Address; abi: Abi }>;
  stop(): Promise<void>;
};

export async function startHarnessChain(names: string[]): Promise<HarnessChain> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'vt-harness-'));
  const sources = names.map((n) => `contracts/test/harness/${n}.sol`);
  const build = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'tools', 'foundry.mjs'),
      'forge',
      'build',
      ...sources,
      '--out',
      path.join(outDir, 'out'),
      '--cache-path',
      path.join(outDir, 'cache'),
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (build.status !== 0)
    throw new Error(`forge build ${sources.join(' ')} failed (${build.status}): ${build.stdout}${build.stderr}`);
  // A high block gas limit: one eth_call evaluates thousands of cases.
  const anvil = await startAnvil({ args: ['--gas-limit', '1000000000'] });
  const account = mnemonicToAccount('test test test test test test test test test test test junk');
  const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
  const client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl, { timeout: 60_000 }) });
  return {
    client,
    async deploy(name) {
      const artifact = JSON.parse(readFileSync(path.join(outDir, 'out', `${name}.sol`, `${name}.json`), 'utf8')) as {
        abi: Abi;
        bytecode: { object: Hex };
      };
      const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object });
      const address = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
      return { address, abi: artifact.abi };
    },
    async stop() {
      await anvil.stop();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
