import { describe, expect, it } from 'vitest';
import { loadRunModel } from './loadRunModel';
import { ModelError } from './modelError';
import { MLP_RELU_SPEC, scriptedGateway } from './testing/runFixture';
import { runFixture } from './testing/trainedFixture';

const GW = 'http://gw.test';
const fx = runFixture(MLP_RELU_SPEC, 3);

describe('loadRunModel', () => {
  it('fetches spec, manifest and checkpoint, and returns the parameters whose root the chain committed', async () => {
    const gw = scriptedGateway(fx.files);
    const stages: string[] = [];
    const loaded = await loadRunModel({
      gatewayUrl: GW,
      run: fx.run,
      choice: fx.choice,
      fetchImpl: gw.fetchImpl,
      onStage: (s) => stages.push(s),
    });
    expect(stages).toEqual(['spec', 'manifest', 'checkpoint', 'verify']);
    expect(gw.requests).toEqual([
      `${GW}/ipfs/${fx.run.specCid}`,
      `${GW}/ipfs/${fx.submission.checkpointCid}`,
      `${GW}/ipfs/${fx.checkpointCid}`,
    ]);
    expect(loaded).toMatchObject({
      step: 3,
      stateRoot: fx.submission.finalRoot,
      checkpointCid: fx.checkpointCid,
      checkpointBytes: fx.checkpoint.length,
      final: true,
    });
    expect(loaded.params.map((p) => p.length)).toEqual([784 * 32, 32, 32 * 10, 10]);
  });

  it('refuses a checkpoint whose stateRoot is not the on-chain finalRoot, naming the CID', async () => {
    const tampered = new Map(fx.files);
    const bytes = fx.checkpoint.slice();
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    tampered.set(fx.checkpointCid, bytes);
    const err = await loadRunModel({
      gatewayUrl: GW,
      run: fx.run,
      choice: fx.choice,
      fetchImpl: scriptedGateway(tampered).fetchImpl,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({
      code: 'BAD_CONTENT',
      message: expect.stringContaining(`the checkpoint ${fx.checkpointCid} has stateRoot 0x`),
    });
    expect((err as Error).message).toContain(`on-chain finalRoot is ${fx.submission.finalRoot}`);
  });

  it('refuses a spec that does not hash to the on-chain specHash', async () => {
    const files = new Map(fx.files);
    files.set(fx.run.specCid, new TextEncoder().encode('{"version":1}'));
    await expect(
      loadRunModel({ gatewayUrl: GW, run: fx.run, choice: fx.choice, fetchImpl: scriptedGateway(files).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'BAD_CONTENT',
      message: `the run spec ${fx.run.specCid} does not hash to run 1's on-chain specHash ${fx.run.specHash}`,
    });
  });

  it('reports a missing manifest (404), a slow one (timeout) and a gateway that is down, each naming the CID', async () => {
    const missing = new Map(fx.files);
    missing.delete(fx.submission.checkpointCid!);
    await expect(
      loadRunModel({ gatewayUrl: GW, run: fx.run, choice: fx.choice, fetchImpl: scriptedGateway(missing).fetchImpl }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`submission manifest ${fx.submission.checkpointCid}`),
    });
    const slow = scriptedGateway(fx.files, { hang: [fx.checkpointCid] });
    await expect(
      loadRunModel({ gatewayUrl: GW, run: fx.run, choice: fx.choice, fetchImpl: slow.fetchImpl, timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining(`the checkpoint ${fx.checkpointCid} did not arrive within`),
    });
    await expect(
      loadRunModel({
        gatewayUrl: GW,
        run: fx.run,
        choice: fx.choice,
        fetchImpl: scriptedGateway(fx.files, { down: true }).fetchImpl,
      }),
    ).rejects.toMatchObject({
      code: 'GATEWAY_UNREACHABLE',
      message: expect.stringContaining(`could not reach the IPFS gateway ${GW} for the run spec ${fx.run.specCid}`),
    });
  });
});
