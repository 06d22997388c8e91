// Outside the devnet's chain 31337 a node sends nothing until the operator has named the chain: --chain-id, or
// a --deployment file (whose chain id must be the RPC's). A chain served by a real anvil under another id.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { main } from '../../src/cli/main';

const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const CHAIN = 4242;
const NOWHERE = '0x000000000000000000000000000000000000dEaD';

let anvil: AnvilInstance;
let cwd: string;

function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = main(['create', ...args], {
    env: { VERITRAIN_PRIVATE_KEY: DEPLOYER_KEY, VERITRAIN_RPC_URL: anvil.rpcUrl },
    cwd,
    stdout,
    stderr,
  });
  return code.then((c) => ({ code: c, err }));
}

beforeAll(async () => {
  anvil = await startAnvil({ args: ['--chain-id', String(CHAIN)] });
  cwd = mkdtempSync(join(tmpdir(), 'vt-chain-'));
  mkdirSync(join(cwd, 'deployments'));
  // A deployment file for this chain where the default path looks for it (no contracts behind it).
  const file = {
    chainId: CHAIN,
    startBlock: 0,
    deployer: privateKeyToAccount(DEPLOYER_KEY).address,
    coordinator: NOWHERE,
    court: NOWHERE,
    token: NOWHERE,
  };
  writeFileSync(join(cwd, 'deployments', `${CHAIN}.json`), JSON.stringify(file));
});
afterAll(async () => {
  await anvil?.stop();
});

describe('confirming the chain before any transaction', () => {
  it('refuses --coordinator alone and the default deployment file on a chain nobody named, exit 3, naming the chain', async () => {
    const byAddress = await run(['--coordinator', NOWHERE]);
    expect(byAddress.code).toBe(3);
    expect(byAddress.err).toContain(
      `error: WRONG_CHAIN: the chain is not confirmed: ${anvil.rpcUrl}/ serves chain ${CHAIN} (eth_chainId), and nothing names the chain expected (--coordinator gives an address on no particular chain); pass --chain-id ${CHAIN} or --deployment <file>`,
    );
    const byDefault = await run([]);
    expect(byDefault.code).toBe(3);
    expect(byDefault.err).toContain(
      `the deployment file ${join(cwd, 'deployments', `${CHAIN}.json`)} was chosen by that chain id itself`,
    );
    // Nothing was sent.
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(await client.getTransactionCount({ address: privateKeyToAccount(DEPLOYER_KEY).address })).toBe(0);
  });

  it('accepts the chain named by --chain-id or by an explicit --deployment (and goes on to its next check)', async () => {
    for (const args of [
      ['--coordinator', NOWHERE, '--chain-id', String(CHAIN)],
      ['--deployment', join(cwd, 'deployments', `${CHAIN}.json`)],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(3);
      expect(r.err).not.toContain('not confirmed');
      expect(r.err).toContain(`no contract at Coordinator address ${NOWHERE} on chain ${CHAIN}`);
    }
    const wrong = await run(['--coordinator', NOWHERE, '--chain-id', '1']);
    expect(wrong.err).toContain(`serves chain ${CHAIN}, but --chain-id expects 1`);
  });
});
