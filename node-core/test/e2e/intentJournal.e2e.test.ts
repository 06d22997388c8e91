// The intent journal against a real anvil: a node "killed" (the broadcast never happens) after saving its
// intent, then restarted (a new journal on the same state file), finds each kind of outcome on chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createChainClients, type SigningChainClients } from '../../src/chain/createChainClients';
import { createIntentJournal, validateIntentJournalState } from '../../src/chain/intentJournal';
import { writeContractWithRetry } from '../../src/chain/writeContractWithRetry';
import { createStateStore } from '../../src/state/createStateStore';

const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const SPENDER = '0x000000000000000000000000000000000000bEEF';

let anvil: AnvilInstance;
let token: Address;
let clients: SigningChainClients;
let deploymentFile: string;
const logger = pino({ level: 'silent' });

function journalIn(dir: string) {
  return createIntentJournal({
    clients,
    store: createStateStore({ dir, name: 'intents', validate: validateIntentJournalState }),
    retry: {},
    logger,
  });
}
const approve = (amount: bigint) => ({
  address: token,
  abi: erc20Abi,
  functionName: 'approve',
  args: [SPENDER, amount] as const,
});
/** Sends through the journal but dies between saving the intent and broadcasting it. */
async function crashBeforeBroadcast(dir: string, key: string, amount: bigint): Promise<void> {
  await expect(
    journalIn(dir).send(key, {
      ...approve(amount),
      beforeBroadcast: () => {
        throw new Error('killed');
      },
    }),
  ).rejects.toThrow('killed');
}
const allowance = () =>
  clients.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [clients.account.address, SPENDER],
  });

beforeAll(async () => {
  anvil = await startAnvil();
  deploymentFile = new URL(`../../../deployments/node-core-journal-${process.pid}.json`, import.meta.url).pathname;
  ({ token } = await deployContracts({ rpcUrl: anvil.rpcUrl, privateKey: DEPLOYER_KEY, outFile: deploymentFile }));
  clients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('createIntentJournal', () => {
  it('sends, and leaves nothing saved once the receipt is in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-journal-'));
    const j = journalIn(dir);
    const { receipt, reconciled } = await j.send('approve:1', approve(1n));
    expect(receipt.status).toBe('success');
    expect(reconciled).toBe(false);
    expect(j.pending()).toEqual([]);
    expect(await journalIn(dir).reconcile()).toEqual([]);
  });

  it('a saved intent never broadcast, still valid: the same signed bytes are sent at restart (once)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-journal-'));
    const nonceBefore = await clients.publicClient.getTransactionCount({ address: clients.account.address });
    await crashBeforeBroadcast(dir, 'approve:2', 2n);
    const restarted = journalIn(dir);
    const [saved] = restarted.pending();
    expect(saved).toMatchObject({ key: 'approve:2', nonce: nonceBefore });
    const outcomes = await restarted.reconcile();
    expect(outcomes.map((o) => [o.status, o.intent.hash])).toEqual([['mined', saved!.hash]]);
    expect(await allowance()).toBe(2n);
    expect(await clients.publicClient.getTransactionCount({ address: clients.account.address })).toBe(nonceBefore + 1);
    expect(journalIn(dir).pending()).toEqual([]);
  });

  it('a saved intent whose nonce another transaction took is abandoned, not sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-journal-'));
    await crashBeforeBroadcast(dir, 'approve:3', 3n);
    // Something else (another process with the key, or this node deciding anew) used that nonce.
    await writeContractWithRetry(clients, approve(4n));
    const outcomes = await journalIn(dir).reconcile();
    expect(outcomes.map((o) => o.status)).toEqual(['abandoned']);
    expect(outcomes[0]).toMatchObject({ reason: expect.stringContaining('was used by another transaction') });
    expect(await allowance()).toBe(4n);
  });

  it('send on a key whose intent is still saved returns that transaction instead of sending another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-journal-'));
    await crashBeforeBroadcast(dir, 'approve:5', 5n);
    const nonceBefore = await clients.publicClient.getTransactionCount({ address: clients.account.address });
    const j = journalIn(dir);
    const saved = j.pending()[0]!;
    const again = await j.send('approve:5', approve(5n));
    expect(again).toMatchObject({ hash: saved.hash, reconciled: true });
    expect(await clients.publicClient.getTransactionCount({ address: clients.account.address })).toBe(nonceBefore + 1);
  });
});
