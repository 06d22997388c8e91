// The daemons' chain toolkit against a real anvil with the contracts deployed: typed calls through the intent
// journal, the event scanner's paging and cursor, reverts told apart by their decoded custom-error name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createChainClients, type SigningChainClients } from '../../src/chain/createChainClients';
import { createEventScanner, findEvents } from '../../src/chain/eventScanner';
import { createNodeChain, type NodeChain } from '../../src/chain/createNodeChain';
import { isRevert, revertName } from '../../src/chain/isRevert';
import { createStateStore } from '../../src/state/createStateStore';

const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const SPENDER = '0x000000000000000000000000000000000000bEEF';

let anvil: AnvilInstance;
let token: Address;
let coordinator: Address;
let court: Address;
let clients: SigningChainClients;
let deploymentFile: string;
const logger = pino({ level: 'silent' });

function chainIn(dir: string): NodeChain {
  return createNodeChain({
    clients,
    contracts: { coordinator, court, token, startBlock: 0n, source: 'test' },
    retry: {},
    logger,
    stateStore: (name, validate) => createStateStore({ dir, name, ...(validate ? { validate } : {}) }),
  });
}

beforeAll(async () => {
  anvil = await startAnvil();
  deploymentFile = new URL(`../../../deployments/node-core-chain-${process.pid}.json`, import.meta.url).pathname;
  ({ token, coordinator, court } = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: DEPLOYER_KEY,
    outFile: deploymentFile,
  }));
  clients = await createChainClients({ rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(DEPLOYER_KEY) });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('createNodeChain', () => {
  it('sends a typed call through the intent journal and reads the result back typed', async () => {
    const chain = chainIn(mkdtempSync(join(tmpdir(), 'vt-chain-')));
    const { receipt } = await chain.send(chain.tokenCall('approve', [SPENDER, 7n]));
    expect(receipt.status).toBe('success');
    expect(chain.journal.pending()).toEqual([]);
    const allowance: bigint = await chain.read('allowance', () => chain.token!.read.allowance([chain.me, SPENDER]));
    expect(allowance).toBe(7n);
  });

  it('a call that loses a race answers false with the revert decoded by name; the same error is told apart from others', async () => {
    const chain = chainIn(mkdtempSync(join(tmpdir(), 'vt-chain-')));
    expect(await chain.attempt('finalized', chain.coordinatorCall('finalize', [999n]))).toBe(false);
    const err = await chain.send(chain.coordinatorCall('finalize', [999n])).catch((e: unknown) => e);
    const name = revertName(err);
    expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(isRevert(err)).toBe(true);
    expect(isRevert(err, [name!])).toBe(true);
    expect(isRevert(err, ['LeaseHeld'])).toBe(false);
    expect(isRevert(new Error(`reverted with ${name}`), [name!])).toBe(false); // never by the message
    expect(chain.journal.pending()).toEqual([]); // refused at simulation: nothing was signed or saved
  });

  it('reconcileKey settles the one intent saved under a key and leaves others alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-chain-'));
    const first = chainIn(dir);
    const call = first.tokenCall('approve', [SPENDER, 11n]);
    await expect(
      first.journal.send('approve:a', {
        ...call,
        beforeBroadcast: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const restarted = chainIn(dir);
    expect(await restarted.journal.reconcileKey('approve:other')).toBeUndefined();
    const outcome = await restarted.journal.reconcileKey('approve:a');
    expect(outcome?.status).toBe('mined');
    expect(await restarted.read('allowance', () => restarted.token!.read.allowance([restarted.me, SPENDER]))).toBe(11n);
    expect(restarted.journal.pending()).toEqual([]);
  });
});

describe('event scanning', () => {
  it('findEvents pages through the block range and returns every log once, in order, typed', async () => {
    const chain = chainIn(mkdtempSync(join(tmpdir(), 'vt-chain-')));
    const fromBlock = (await chain.blockNumber()) + 1n;
    for (const amount of [101n, 102n, 103n, 104n, 105n])
      await chain.send(chain.tokenCall('approve', [SPENDER, amount]));
    const logs = await findEvents({
      clients,
      retry: {},
      address: token,
      abi: erc20Abi,
      eventName: 'Approval',
      args: { spender: SPENDER },
      fromBlock,
      maxBlockRange: 2n,
    });
    const values: bigint[] = logs.map((l) => l.args.value);
    expect(values).toEqual([101n, 102n, 103n, 104n, 105n]);
  });

  it('the scanner returns only blocks not scanned yet, and leaves the newest `confirmations` blocks for later', async () => {
    const chain = chainIn(mkdtempSync(join(tmpdir(), 'vt-chain-')));
    const fromBlock = (await chain.blockNumber()) + 1n;
    const scanner = createEventScanner({
      clients,
      retry: {},
      address: token,
      abi: erc20Abi,
      eventName: 'Approval',
      fromBlock,
      maxBlockRange: 3n,
    });
    const held = createEventScanner({
      clients,
      retry: {},
      address: token,
      abi: erc20Abi,
      eventName: 'Approval',
      fromBlock,
      confirmations: 1n,
    });
    await chain.send(chain.tokenCall('approve', [SPENDER, 201n]));
    await chain.send(chain.tokenCall('approve', [SPENDER, 202n]));
    expect((await scanner.next()).map((l) => l.args.value)).toEqual([201n, 202n]);
    expect(await scanner.next()).toEqual([]);
    expect((await held.next()).map((l) => l.args.value)).toEqual([201n]);
    await chain.send(chain.tokenCall('approve', [SPENDER, 203n]));
    expect((await scanner.next()).map((l) => l.args.value)).toEqual([203n]);
    expect((await held.next()).map((l) => l.args.value)).toEqual([202n]);
    expect(scanner.scannedTo).toBe(await chain.blockNumber());
  });
});
