import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createPublicClient, createTestClient, decodeFunctionData, http, type Hex } from 'viem';
import { foundry } from 'viem/chains';
import { mnemonicToAccount } from 'viem/accounts';
import { createGenesis, encodeCheckpoint, parseRunSpec, runSteps } from '@veritrain/engine';
import { loadRunData, stateRootNode } from '@veritrain/engine/node';
import { buildRunArtifacts, createChainClients, createRun, RUN_PRESETS } from '@veritrain/node-core';
import { freeLoopbackPort, spawnNodeProcess, type NodeProcess } from '@veritrain/node-core/testing';
import { coordinatorAbi, disputeCourtAbi, DisputeStatus, SubmissionStatus } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createEmbeddedStore, type EmbeddedStore } from '@veritrain/storage';

// anvil's well-known devnet accounts (never secrets).
const MNEMONIC = 'test test test test test test test test test test test junk';
const key = (i: number) =>
  `0x${Buffer.from(mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey!).toString('hex')}`;
const address = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i }).address;
const [DEPLOYER, ADVERSARY, HONEST, CHALLENGER, LIAR, VALIDATOR, VALIDATOR_2, VALIDATOR_3, HONEST_2] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8,
];
const TOTAL_STEPS = 12;
const K = 4;
const CORRUPT_STEP = 2;

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const mains = {
  worker: createRequire(import.meta.url).resolve('@veritrain/worker/main'),
  'fraud-proofer': new URL('../src/main.ts', import.meta.url).pathname,
  validator: createRequire(import.meta.url).resolve('@veritrain/validator/main'),
};

let anvil: AnvilInstance;
let deploymentFile: string;
let coordinator: `0x${string}`;
let court: `0x${string}`;
let seed: EmbeddedStore;
let runId: bigint;
const nodes: Node[] = [];

type Node = NodeProcess & { dataDir: string; port: number; name: string; addr(): Promise<string> };

function dumpLogsOnFailure() {
  onTestFailed(() => {
    for (const n of nodes) {
      const lines = n
        .logs()
        .trim()
        .split('\n')
        .map((x) => {
          try {
            const o = JSON.parse(x) as Record<string, unknown>;
            return `${Number(o.time) % 1e6} ${o.msg} ${JSON.stringify({ ...o, time: undefined, msg: undefined, pid: undefined, name: undefined, level: undefined, config: undefined })}`;
          } catch {
            return x;
          }
        });
      console.log(`---- ${n.name}\n${lines.slice(-30).join('\n')}`);
    }
  });
}

/** The first log line of `node` that matches `pattern` (its capture groups), within `timeoutMs`. */
function waitForMatch(node: Node, pattern: RegExp, timeoutMs = 180_000): Promise<RegExpMatchArray> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const look = () => {
      const m = node.logs().match(pattern);
      if (m) resolve(m);
      else if (node.child.exitCode !== null || node.child.signalCode !== null)
        reject(new Error(`${node.name} exited before a log line matching ${pattern}`));
      else if (Date.now() - started > timeoutMs)
        reject(new Error(`${node.name}: no log line matching ${pattern} in ${timeoutMs / 1000} s`));
      else setTimeout(look, 200);
    };
    look();
  });
}

async function newRun(totalSteps: number, challengeWindowS = 15n): Promise<bigint> {
  const clients = await createChainClients({
    rpcUrl: anvil.rpcUrl,
    account: mnemonicToAccount(MNEMONIC, { addressIndex: DEPLOYER }),
  });
  const { runId: id } = await createRun({
    clients,
    coordinator,
    store: seed,
    artifacts: buildRunArtifacts({ ...RUN_PRESETS['mnist-mlp'](), totalSteps }),
    terms: {
      stepsPerLease: BigInt(K),
      leaseDurationS: 120n,
      challengeWindowS,
      workerBondWei: 10n ** 18n,
      challengerBondWei: 10n ** 17n,
      rewardPerStep: 10n ** 18n,
    },
  });
  return id;
}

async function startNode(
  kind: keyof typeof mains,
  name: string,
  account: number,
  bootstrap: string[],
  extra: string[],
  dirs?: { dataDir: string; port: number },
): Promise<Node> {
  const port = dirs?.port ?? (await freeLoopbackPort());
  const dataDir = dirs?.dataDir ?? mkdtempSync(join(tmpdir(), `vt-${name}-`));
  const proc = spawnNodeProcess({
    name,
    tsxLoader,
    script: mains[kind],
    args: [
      '--deployment',
      deploymentFile,
      '--data-dir',
      dataDir,
      '--metrics-port',
      '0',
      '--ipfs-listen',
      `/ip4/127.0.0.1/tcp/${port}`,
      '--ipfs-bootstrap',
      bootstrap.join(','),
      '--ipfs-timeout-ms',
      '20000',
      '--poll-interval-ms',
      '300',
      '--log-format',
      'json',
      ...extra,
    ],
    env: { VERITRAIN_PRIVATE_KEY: key(account), VERITRAIN_RPC_URL: anvil.rpcUrl },
  });
  const node: Node = {
    name,
    ...proc,
    addr: async () => ((await proc.waitFor('content store open')).multiaddrs as string[])[0]!,
    dataDir,
    port,
  };
  nodes.push(node);
  return node;
}

beforeAll(async () => {
  anvil = await startAnvil({ args: ['--block-time', '1'] });
  deploymentFile = new URL(`../../deployments/fraud-e2e-${process.pid}.json`, import.meta.url).pathname;
  const d = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: key(DEPLOYER) as Hex,
    outFile: deploymentFile,
    env: { VERITRAIN_COMMIT_DURATION_S: '6', VERITRAIN_REVEAL_DURATION_S: '12', VERITRAIN_UNBONDING_DELAY_S: '600' },
  });
  coordinator = d.coordinator;
  court = d.court;
  seed = await createEmbeddedStore({ dir: mkdtempSync(join(tmpdir(), 'vt-seed-')) });
  runId = await newRun(TOTAL_STEPS);
});

afterAll(async () => {
  for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
  await seed?.close();
  await anvil?.stop();
  rmSync(deploymentFile, { force: true });
});

describe('fraud on a real anvil with real node processes', () => {
  it('a corrupted step is disputed with proofs, judged Fraud, slashed; honest workers redo it and the run finishes', async () => {
    dumpLogsOnFailure();
    const seedAddr = seed.multiaddrs()[0]!;
    const validator = await startNode('validator', 'validator', VALIDATOR, [seedAddr], ['--stake-wei', '1000ether']);
    const fp = await startNode(
      'fraud-proofer',
      'fraud-proofer',
      CHALLENGER,
      [seedAddr],
      ['--run-id', runId.toString(), '--exit-when-idle'],
    );
    const [vAddr, fpAddr] = [await validator.addr(), await fp.addr()];
    await validator.waitFor('staked in the court');
    await fp.waitFor('watching the run');
    const adversary = await startNode(
      'worker',
      'adversary',
      ADVERSARY,
      [seedAddr, vAddr, fpAddr],
      [
        '--run-id',
        runId.toString(),
        '--adversarial-corrupt-step',
        String(CORRUPT_STEP),
        '--max-leases',
        '1',
        '--keeper',
        'false',
      ],
    );
    const advAddr = await adversary.addr();
    await adversary.waitFor('submitted');
    const honest = await startNode(
      'worker',
      'honest',
      HONEST,
      [seedAddr, advAddr, vAddr, fpAddr],
      ['--run-id', runId.toString()],
    );

    const opened = await fp.waitFor('dispute opened');
    expect(opened.step).toBe(CORRUPT_STEP);
    const vote = await validator.waitFor('vote committed');
    expect(vote.vote).toBe('Fraud');

    expect(await honest.exited).toBe(0);
    expect(await adversary.exited).toBe(0);
    expect(await fp.exited).toBe(0);
    validator.child.kill('SIGINT');
    expect(await validator.exited).toBe(0);

    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const disputes = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      fromBlock: 0n,
    });
    expect(disputes).toHaveLength(1);
    const spec = parseRunSpec({ ...RUN_PRESETS['mnist-mlp'](), totalSteps: TOTAL_STEPS });
    const { records } = runSteps({
      spec,
      checkpoint: encodeCheckpoint(createGenesis(spec)),
      steps: TOTAL_STEPS,
      data: loadRunData(spec),
      stateRoot: stateRootNode,
    });
    expect(disputes[0]!.args.claimedRoot).toBe(records[CORRUPT_STEP - 1]!.stateRoot);
    expect(disputes[0]!.args.challenger).toBe(address(CHALLENGER));
    const resolved = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeResolved',
      fromBlock: 0n,
    });
    expect(resolved[0]!.args.outcome).toBe(DisputeStatus.Fraud);
    const bad = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [disputes[0]!.args.submissionId!],
    });
    expect(bad.status).toBe(SubmissionStatus.Invalid);

    // The live chain: every step redone honestly and final.
    const rs = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'runState',
      args: [runId],
    });
    expect(Number(rs.finalizedStep)).toBe(TOTAL_STEPS);
    const submitted = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'Submitted',
      args: { runId },
      fromBlock: 0n,
    });
    for (const e of submitted) {
      const lease = await client.readContract({
        address: coordinator,
        abi: coordinatorAbi,
        functionName: 'lease',
        args: [e.args.submissionId!],
      });
      if (lease.status === SubmissionStatus.Final)
        expect(e.args.finalRoot).toBe(records[Number(e.args.lastStep) - 1]!.stateRoot);
      if (e.args.worker === address(HONEST))
        expect([SubmissionStatus.Final, SubmissionStatus.Orphaned]).toContain(lease.status);
    }
    // The challenger and the majority validator were paid, and withdrew.
    expect(fp.logs()).toMatch(/withdrew \d+ wei/);
    expect(validator.logs()).toMatch(/settled our ballot/);
  });

  it('a false accusation against an honest worker is judged Honest and costs the challenger its bond', async () => {
    dumpLogsOnFailure();
    const run2 = await newRun(K);
    const seedAddr = seed.multiaddrs()[0]!;
    const validator = await startNode(
      'validator',
      'validator-2',
      VALIDATOR_2,
      [seedAddr],
      ['--stake-wei', '1000ether'],
    );
    const liar = await startNode(
      'fraud-proofer',
      'liar',
      LIAR,
      [seedAddr],
      ['--run-id', run2.toString(), '--exit-when-idle', '--adversarial-false-accusations'],
    );
    const [vAddr, liarAddr] = [await validator.addr(), await liar.addr()];
    await validator.waitFor('staked in the court');
    await liar.waitFor('watching the run');
    const worker = await startNode(
      'worker',
      'honest-2',
      HONEST_2,
      [seedAddr, vAddr, liarAddr],
      ['--run-id', run2.toString(), '--max-leases', '1'],
    );
    expect((await validator.waitFor('vote committed')).vote).toBe('Honest');
    expect(await worker.exited).toBe(0);
    expect(await liar.exited).toBe(0);
    validator.child.kill('SIGINT');
    expect(await validator.exited).toBe(0);

    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const opened = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      args: { runId: run2 },
      fromBlock: 0n,
    });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.args.challenger).toBe(address(LIAR));
    expect(opened[0]!.args.step).toBe(0n);
    const resolved = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeResolved',
      args: { runId: run2 },
      fromBlock: 0n,
    });
    expect(resolved[0]!.args.outcome).toBe(DisputeStatus.Honest);
    expect(resolved[0]!.args.challengerCreditWei).toBe(0n);
    expect(resolved[0]!.args.workerCreditWei).toBeGreaterThan(0n);
    const sub = await client.readContract({
      address: coordinator,
      abi: coordinatorAbi,
      functionName: 'lease',
      args: [opened[0]!.args.submissionId!],
    });
    expect(sub.status).toBe(SubmissionStatus.Final);
    expect(liar.logs()).not.toMatch(/withdrew \d+ wei/);
    expect(liar.logs()).toContain('ADVERSARIAL: accusing an honest submission');
  });

  it('a malformed checkpoint (truncated) is disputed and judged Fraud without crashing anyone; killed -9 and restarted, the validator still reveals and the fraud-proofer never disputes twice', async () => {
    dumpLogsOnFailure();
    const run3 = await newRun(K);
    const seedAddr = seed.multiaddrs()[0]!;
    const validator = await startNode(
      'validator',
      'validator-3',
      VALIDATOR_3,
      [seedAddr],
      ['--stake-wei', '1000ether'],
    );
    const fp = await startNode(
      'fraud-proofer',
      'fraud-proofer-3',
      CHALLENGER,
      [seedAddr],
      ['--run-id', run3.toString()],
    );
    const [vAddr, fpAddr] = [await validator.addr(), await fp.addr()];
    await validator.waitFor('staked in the court');
    await fp.waitFor('watching the run');
    const adversary = await startNode(
      'worker',
      'malformer',
      ADVERSARY,
      [seedAddr, vAddr, fpAddr],
      ['--run-id', run3.toString(), '--adversarial-checkpoint', 'truncated', '--max-leases', '1', '--keeper', 'false'],
    );
    const openedLog = await fp.waitFor('dispute opened');
    expect(openedLog.step).toBe(K);
    // Both killed -9 right after acting, and restarted on their data directories: the validator reveals
    // with the salt it saved, the fraud-proofer follows its dispute and never opens a second one.
    fp.child.kill('SIGKILL');
    expect((await validator.waitFor('vote committed')).vote).toBe('Fraud');
    validator.child.kill('SIGKILL');
    await Promise.all([fp.exited, validator.exited]);
    const validator2 = await startNode(
      'validator',
      'validator-3b',
      VALIDATOR_3,
      [seedAddr],
      ['--stake-wei', '1000ether'],
      validator,
    );
    const fp2 = await startNode(
      'fraud-proofer',
      'fraud-proofer-3b',
      CHALLENGER,
      [seedAddr, await validator2.addr()],
      ['--run-id', run3.toString()],
      fp,
    );
    await fp2.waitFor('watching the run');
    await validator2.waitFor(`revealed the vote on dispute ${String(openedLog.disputeId)}`);
    expect(await adversary.exited).toBe(0); // its submission became Invalid: settled
    await fp2.waitFor('dispute resolved: Fraud');
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const opened = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      args: { runId: run3 },
      fromBlock: 0n,
    });
    expect(opened).toHaveLength(1);
    const [fpFinal, validatorFinal] = [fp2, validator2];
    expect(fpFinal.child.exitCode).toBeNull();
    expect(validatorFinal.child.exitCode).toBeNull();
    fpFinal.child.kill('SIGTERM');
    validatorFinal.child.kill('SIGINT');
    expect(await fpFinal.exited).toBe(0);
    expect(await validatorFinal.exited).toBe(0);
  });

  it('killed between broadcasting a transaction and its receipt (the fraud-proofer its dispute commit, the validator its vote commit): at restart each finds its transaction, sends nothing twice and loses no bond', async () => {
    dumpLogsOnFailure();
    // A long challenge window: the chain stands still while a node is down, and the commit mined after the
    // restart must still be inside the window when mining resumes (anvil stamps blocks with the wall clock).
    const run4 = await newRun(K, 120n);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(anvil.rpcUrl) });
    const fromBlock = await client.getBlockNumber();
    const seedAddr = seed.multiaddrs()[0]!;
    // The validator of the previous scenario, restarted on its data directory (a third of the court's stake: a
    // quorum alone).
    const previous = nodes.find((n) => n.name === 'validator-3b')!;
    const validator = await startNode(
      'validator',
      'validator-4',
      VALIDATOR_3,
      [seedAddr],
      ['--stake-wei', '1000ether', '--log-level', 'debug'],
      previous,
    );
    const fp = await startNode(
      'fraud-proofer',
      'fraud-proofer-4',
      CHALLENGER,
      [seedAddr],
      ['--run-id', run4.toString(), '--log-level', 'debug'],
    );
    const [vAddr, fpAddr] = [await validator.addr(), await fp.addr()];
    await waitForMatch(validator, /"msg":"(already staked|staked in the court)"/);
    await fp.waitFor('watching the run');
    const adversary = await startNode(
      'worker',
      'adversary-4',
      ADVERSARY,
      [seedAddr, vAddr, fpAddr],
      [
        '--run-id',
        run4.toString(),
        '--adversarial-corrupt-step',
        String(CORRUPT_STEP),
        '--max-leases',
        '1',
        '--keeper',
        'false',
      ],
    );
    await adversary.waitFor('submitted');
    // No block is mined from here on: the commit the fraud-proofer sends stays in anvil's mempool, with no receipt.
    await testClient.setIntervalMining({ interval: 0 });
    const fraud = await fp.waitFor('FRAUD found; committing to a dispute');
    const commitKey = `commitDispute:${String(fraud.submissionId)}`;
    await fp.waitFor(`intent ${commitKey} saved; broadcasting`);
    await new Promise((r) => setTimeout(r, 500));
    fp.child.kill('SIGKILL');
    await fp.exited;
    expect(fp.logs()).not.toContain('"msg":"dispute committed"');
    // The validator is frozen until the dispute is open and mining stopped again, so its vote commit, too, is
    // sent into a mempool that mines nothing.
    validator.child.kill('SIGSTOP');

    const fp2 = await startNode(
      'fraud-proofer',
      'fraud-proofer-4b',
      CHALLENGER,
      [seedAddr],
      ['--run-id', run4.toString(), '--log-level', 'debug'],
      fp,
    );
    await fp2.waitFor('content store open');
    await testClient.setIntervalMining({ interval: 1 });
    await fp2.waitFor(`intent ${commitKey}: mined before the restart`);
    const opened = await fp2.waitFor('dispute opened');
    await testClient.setIntervalMining({ interval: 0 });
    validator.child.kill('SIGCONT');
    const disputeId = String(opened.disputeId);
    const voteKey = (
      await waitForMatch(
        validator,
        new RegExp(`"msg":"intent (commitVote:${disputeId}:0x[0-9a-f]{64}) saved; broadcasting"`),
      )
    )[1]!;
    await new Promise((r) => setTimeout(r, 500));
    validator.child.kill('SIGKILL');
    await validator.exited;
    expect(validator.logs()).not.toContain('"msg":"vote committed"');

    // The chain's clock stood still while the validator was down: the next block continues from it, so the vote
    // is mined inside its commit phase as it would have been without the crash.
    const validator2 = await startNode(
      'validator',
      'validator-4b',
      VALIDATOR_3,
      [seedAddr, fpAddr],
      ['--stake-wei', '1000ether', '--log-level', 'debug'],
      validator,
    );
    await validator2.waitFor('content store open');
    const last = await client.getBlock();
    await testClient.setNextBlockTimestamp({ timestamp: last.timestamp + 1n });
    await testClient.setIntervalMining({ interval: 1 });
    await validator2.waitFor(`intent ${voteKey}: mined before the restart`);
    await validator2.waitFor(`revealed the vote on dispute ${disputeId}`);
    await fp2.waitFor('dispute resolved: Fraud');
    await waitForMatch(fp2, /"msg":"withdrew \d+ wei"/);
    expect(await adversary.exited).toBe(0);

    // Once each: one commit and one dispute by the challenger, one vote by the validator.
    const commits = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeCommitted',
      args: { runId: run4 },
      fromBlock: 0n,
    });
    expect(commits).toHaveLength(1);
    const disputes = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeOpened',
      args: { runId: run4 },
      fromBlock: 0n,
    });
    expect(disputes).toHaveLength(1);
    const votes = await client.getContractEvents({
      address: court,
      abi: disputeCourtAbi,
      eventName: 'VoteCommitted',
      args: { disputeId: BigInt(disputeId), voter: address(VALIDATOR_3) },
      fromBlock: 0n,
    });
    expect(votes).toHaveLength(1);
    const resolved = await client.getContractEvents({
      address: coordinator,
      abi: coordinatorAbi,
      eventName: 'DisputeResolved',
      args: { runId: run4 },
      fromBlock: 0n,
    });
    expect(resolved[0]!.args.outcome).toBe(DisputeStatus.Fraud);
    // No bond lost: the challenger's bond came back with its reward, the validator voted with the majority.
    expect(resolved[0]!.args.challengerCreditWei).toBeGreaterThanOrEqual(10n ** 17n);
    expect(
      await client.readContract({
        address: coordinator,
        abi: coordinatorAbi,
        functionName: 'credits',
        args: [address(CHALLENGER)],
      }),
    ).toBe(0n);
    const ballot = await client.readContract({
      address: court,
      abi: disputeCourtAbi,
      functionName: 'ballotAt',
      args: [BigInt(disputeId), 0, address(VALIDATOR_3)],
    });
    expect(ballot.vote).toBe(1); // revealed: Fraud, with the majority
    // Every commit and reveal either node sent succeeded: no second commit that reverted. Settlement calls that
    // any node may send (resolve, settle, withdraw) can lose a race to another node's identical call in the same
    // block and be mined reverted, costing only gas (as the keeper calls of the load scenario); those are allowed.
    const RACE_CALLS = new Set(['resolve', 'settle', 'settleRound', 'finalize', 'withdraw', 'claimRewards']);
    const callName = (input: Hex): string => {
      for (const abi of [disputeCourtAbi, coordinatorAbi] as const) {
        try {
          return decodeFunctionData({ abi, data: input }).functionName;
        } catch {}
      }
      return 'unknown';
    };
    const head = await client.getBlockNumber();
    const senders = new Map([
      [address(CHALLENGER).toLowerCase(), 0],
      [address(VALIDATOR_3).toLowerCase(), 0],
    ]);
    for (let b = fromBlock; b <= head; b++) {
      const block = await client.getBlock({ blockNumber: b, includeTransactions: true });
      for (const tx of block.transactions) {
        const from = tx.from.toLowerCase();
        if (!senders.has(from)) continue;
        senders.set(from, senders.get(from)! + 1);
        const { status } = await client.getTransactionReceipt({ hash: tx.hash });
        const name = callName(tx.input);
        if (status !== 'success') console.log(`mined reverted: ${name} from ${from} (${tx.hash})`);
        expect(status === 'success' || RACE_CALLS.has(name), `${name} from ${from} reverted`).toBe(true);
      }
    }
    expect([...senders.values()].every((n) => n > 0)).toBe(true);
    fp2.child.kill('SIGTERM');
    validator2.child.kill('SIGINT');
    expect(await fp2.exited).toBe(0);
    expect(await validator2.exited).toBe(0);
  });
});
