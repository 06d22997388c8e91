// A self-contained chain for working on the dashboard without the devnet's nodes: starts anvil, deploys the
// contracts, stakes two validators, creates a run, then keeps submitting leases (every third one fraudulent,
// disputed, voted on and resolved) and finalizing, so every panel has live data.
//   npx tsx dashboard/scripts/demoChain.ts [--port 8599] [--interval-ms 3000] [--out dashboard-demo.json]
// then: VERITRAIN_DEPLOYMENT_FILE=deployments/dashboard-demo.json VITE_RPC_URL=http://127.0.0.1:8599 npm run dev -w dashboard
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  keccak256,
  type Hex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import {
  buildStepsTree,
  coordinatorAbi,
  disputeCourtAbi,
  float32ToBits,
  packLosses,
  rewardTokenAbi,
  Vote,
  type StepRecord,
} from '@veritrain/protocol';
import { deployContracts, startAnvil } from '@veritrain/protocol/node';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8599' },
    'interval-ms': { type: 'string', default: '3000' },
    out: { type: 'string' },
    'vote-wait-ms': { type: 'string', default: '0' },
  },
});
const port = Number(values.port);
const intervalMs = Number(values['interval-ms']);
// How long each vote phase stays open in wall time, so a person (or the browser test) can vote from the page.
const voteWaitMs = Number(values['vote-wait-ms']);
const MNEMONIC = 'test test test test test test test test test test test junk';
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const deployer = account(0);
const workers = [account(1), account(2), account(3)];
const challenger = account(4);
const validators = [account(5), account(6)];
// Staked but left to vote from the page ("Vote as: anvil account 7").
const pageVoter = account(7);
const K = 8n;
const BOND = 10n ** 18n;
const CH_BOND = 5n * 10n ** 17n;
// forge may only write under deployments/ (foundry.toml fs_permissions).
const outFile = path.resolve(import.meta.dirname, '../../deployments', values.out ?? 'dashboard-demo.json');

const anvil = await startAnvil({ port });
const pub = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
const testClient = createTestClient({ chain: foundry, mode: 'anvil', transport: http(anvil.rpcUrl) });
const d = await deployContracts({
  rpcUrl: anvil.rpcUrl,
  privateKey: `0x${Buffer.from(deployer.getHdKey().privateKey!).toString('hex')}`,
  outFile,
  env: { VERITRAIN_COMMIT_DURATION_S: '20', VERITRAIN_REVEAL_DURATION_S: '20', VERITRAIN_UNBONDING_DELAY_S: '100' },
});
process.stderr.write(`anvil ${anvil.rpcUrl}, deployment ${outFile}\n`);
process.on('SIGINT', () => void anvil.stop().then(() => process.exit(0)));
// However the script ends (a revert included), anvil goes with it.
process.on('exit', () => anvil.process.kill());

async function send(from: ReturnType<typeof account>, tx: Record<string, unknown>) {
  const w = createWalletClient({ account: from, chain: foundry, transport: http(anvil.rpcUrl) });
  const hash = await w.writeContract(tx as never);
  await pub.waitForTransactionReceipt({ hash });
}
const honest = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'uint256' }], [s]));
const bad = (s: bigint): Hex => keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'uint256' }], ['bad', s]));
const lossAt = (s: bigint) => float32ToBits(2.3 * Math.exp(-Number(s) / 60) + 0.1 + 0.02 * Math.sin(Number(s)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const v of [...validators, pageVoter]) {
  await send(v, { address: d.token, abi: rewardTokenAbi, functionName: 'approve', args: [d.court, 10n ** 21n] });
  await send(v, { address: d.court, abi: disputeCourtAbi, functionName: 'stake', args: [10n ** 21n] });
}
await send(deployer, {
  address: d.coordinator,
  abi: coordinatorAbi,
  functionName: 'createRun',
  args: [
    {
      specHash: keccak256('0x02'),
      genesisRoot: keccak256('0x01'),
      stepsPerLease: K,
      leaseDuration: 120n,
      challengeWindow: 30n,
      totalSteps: 400n,
      workerBond: BOND,
      challengerBond: CH_BOND,
      rewardPerStep: 10n ** 18n,
      specCid: 'bafy-demo-spec',
      genesisCid: 'bafy-demo-genesis',
    },
  ],
});

const trees = new Map<bigint, { tree: ReturnType<typeof buildStepsTree>; records: StepRecord[] }>();
const pendingIds: bigint[] = [];
for (let round = 0; ; round++) {
  const st = await pub.readContract({
    address: d.coordinator,
    abi: coordinatorAbi,
    functionName: 'runState',
    args: [1n],
  });
  if (st.tipStep >= 400) break;
  const worker = workers[round % workers.length]!;
  await send(worker, {
    address: d.coordinator,
    abi: coordinatorAbi,
    functionName: 'acquireLease',
    args: [1n],
    value: BOND,
  });
  const leaseId = await pub.readContract({ address: d.coordinator, abi: coordinatorAbi, functionName: 'leaseCount' });
  const lease = await pub.readContract({
    address: d.coordinator,
    abi: coordinatorAbi,
    functionName: 'lease',
    args: [leaseId],
  });
  await sleep(intervalMs);
  const fraud = round % 3 === 2;
  const first = BigInt(lease.firstStep);
  const records: StepRecord[] = [];
  for (let s = first; s <= BigInt(lease.lastStep); s++)
    records.push({ step: s, stateRoot: fraud && s === first ? bad(s) : honest(s), lossBits: lossAt(s) });
  const tree = buildStepsTree(1n, records);
  trees.set(leaseId, { tree, records });
  await send(worker, {
    address: d.coordinator,
    abi: coordinatorAbi,
    functionName: 'submit',
    args: [
      1n,
      leaseId,
      tree.root,
      records.at(-1)!.stateRoot,
      `bafy-demo-ckpt-${leaseId}`,
      packLosses(records.map((r) => r.lossBits)),
      tree.finalProof,
    ],
  });
  if (fraud) {
    const parent = trees.get(BigInt(lease.parentId));
    const claim = {
      step: first,
      prev: parent
        ? { stateRoot: parent.records.at(-1)!.stateRoot, lossBits: parent.records.at(-1)!.lossBits }
        : { stateRoot: keccak256('0x01'), lossBits: 0 },
      prevProof: parent ? parent.tree.proof(first - 1n) : [],
      record: { stateRoot: records[0]!.stateRoot, lossBits: records[0]!.lossBits },
      proof: tree.proof(first),
      claimedRoot: honest(first),
      claimedLossBits: lossAt(first),
    };
    await send(challenger, {
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'openDispute',
      args: [leaseId, claim],
      value: CH_BOND,
    });
    const disputeId = await pub.readContract({
      address: d.coordinator,
      abi: coordinatorAbi,
      functionName: 'disputeCount',
    });
    const salts = validators.map((_, i) =>
      keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [disputeId, BigInt(i)])),
    );
    for (const [i, v] of validators.entries()) {
      const c = await pub.readContract({
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'commitmentOf',
        args: [disputeId, v.address, Vote.Fraud, salts[i]!],
      });
      await send(v, { address: d.court, abi: disputeCourtAbi, functionName: 'commitVote', args: [disputeId, c] });
      await sleep(intervalMs);
    }
    await sleep(voteWaitMs);
    await testClient.increaseTime({ seconds: 21 });
    await testClient.mine({ blocks: 1 });
    for (const [i, v] of validators.entries()) {
      await send(v, {
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'revealVote',
        args: [disputeId, Vote.Fraud, salts[i]!],
      });
      await sleep(intervalMs);
    }
    await sleep(voteWaitMs);
    await testClient.increaseTime({ seconds: 21 });
    await send(challenger, { address: d.court, abi: disputeCourtAbi, functionName: 'resolve', args: [disputeId] });
    // Settling releases the penalty each commit reserved; without it the validators run out of free stake.
    for (const v of [...validators, pageVoter]) {
      await send(challenger, {
        address: d.court,
        abi: disputeCourtAbi,
        functionName: 'settle',
        args: [disputeId, v.address],
      }).catch(() => undefined); // NotCommitted when the page did not vote
    }
  } else {
    pendingIds.push(leaseId);
  }
  // Finalize what has passed its challenge window (the window is short; nudge time as a keeper would wait).
  await testClient.increaseTime({ seconds: 31 });
  await testClient.mine({ blocks: 1 });
  while (pendingIds.length > 1) {
    const id = pendingIds.shift()!;
    await send(challenger, { address: d.coordinator, abi: coordinatorAbi, functionName: 'finalize', args: [id] }).catch(
      () => undefined,
    );
  }
}
process.stderr.write('run complete; anvil stays up (Ctrl+C to stop)\n');
