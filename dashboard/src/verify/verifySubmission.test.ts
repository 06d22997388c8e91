import { refBackend } from '@veritrain/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../data/types';
import { GPT_SPEC, manifestBytes, MLP_RELU_SPEC } from '../model/testing/runFixture';
import { wasmEngine } from '../model/testing/wasmEngine';
import { DATASETS_URL, datasetServer, verifyFetch, verifyFixture } from '../model/testing/verifyFixture';
import type { EngineBackend } from '../model/engineBackend';
import { computeStepsHere, type ComputeSteps } from './computeSteps';
import { verifySubmission, type VerifiableSubmission, type VerifySubmissionParameters } from './verifySubmission';

const GW = 'http://gw.test';
const fx = await verifyFixture(MLP_RELU_SPEC);
let wasm: EngineBackend;
beforeAll(async () => {
  wasm = await wasmEngine();
});
// Node has no Web Worker: the steps run here, on the wasm backend the page would use.
const onWasm: ComputeSteps = (input, options) =>
  computeStepsHere(input, { ...options, why: 'a unit test', engine: wasm });

const params = (
  submission: SubmissionView,
  over: Partial<VerifySubmissionParameters> = {},
): VerifySubmissionParameters => ({
  gatewayUrl: GW,
  datasetsUrl: DATASETS_URL,
  run: fx.run,
  submission: submission as VerifiableSubmission,
  parent: submission.parentId === 0 ? 'genesis' : (fx.honest as VerifiableSubmission),
  fetchImpl: verifyFetch(fx.files),
  computeSteps: onWasm,
  ...over,
});

describe('verifySubmission', () => {
  it('re-executes an honest first lease from the rebuilt genesis on the checked data: every step matches', async () => {
    const stages: string[] = [];
    const r = await verifySubmission(params(fx.honest, { onStage: (s) => stages.push(s.kind) }));
    expect(r.firstWrongStep).toBeUndefined();
    expect(r.recordsProven).toBe(true);
    expect(r.parent).toEqual({ submissionId: 0, stateRoot: fx.run.genesisRoot });
    expect(r.datasetRoot).toBe(MLP_RELU_SPEC.dataset.datasetRoot);
    expect(r.stepsRoot.computed).toBe(fx.honest.stepsRoot);
    expect(r.steps.map((s) => [s.step, s.rootMatches, s.lossMatches])).toEqual([
      [1, true, true],
      [2, true, true],
    ]);
    expect(r.steps.map((s) => s.computed.stateRoot)).toEqual(fx.honestRecords.slice(0, 2).map((s) => s.stateRoot));
    expect(r.engine).toEqual({ name: 'wasm' });
    expect(r.thread).toEqual({ kind: 'page', why: 'a unit test' });
    expect(new Set(stages)).toEqual(new Set(['spec', 'parent', 'data', 'manifest', 'compute']));
  });

  it('finds the corrupted step of a lease built on a parent submission, with both roots, and later steps differing too', async () => {
    const r = await verifySubmission(params(fx.corrupted));
    expect(r.parent).toEqual({ submissionId: 1, stateRoot: fx.honest.finalRoot });
    expect(r.firstWrongStep).toBe(4);
    const [s3, s4, s5] = r.steps;
    expect([s3!.rootMatches, s3!.lossMatches]).toEqual([true, true]);
    expect(s4).toMatchObject({
      step: 4,
      rootMatches: false,
      lossMatches: true,
      computed: { stateRoot: fx.honestRecords[3]!.stateRoot },
    });
    expect(s4!.committed.stateRoot).not.toBe(s4!.computed.stateRoot);
    expect(s5!.rootMatches).toBe(false);
    expect(r.stepsRoot.computed).not.toBe(fx.corrupted.stepsRoot);
    // The honest redo of the same steps matches.
    expect((await verifySubmission(params(fx.redone))).firstWrongStep).toBeUndefined();
  });

  it('computes the same records on wasm as on ref', async () => {
    const onRef: ComputeSteps = (input, options) =>
      computeStepsHere(input, {
        ...options,
        why: 'a unit test',
        engine: { name: 'ref', backend: refBackend, fallbackReason: 'test' },
      });
    const [w, r] = [
      await verifySubmission(params(fx.corrupted)),
      await verifySubmission(params(fx.corrupted, { computeSteps: onRef })),
    ];
    expect(w.steps).toEqual(r.steps);
    expect(r.engine).toEqual({ name: 'ref', fallbackReason: 'test' });
  });

  it('without published step records compares the losses with the chain and the last state with finalRoot', async () => {
    const files = new Map(fx.files);
    const manifest = JSON.parse(new TextDecoder().decode(files.get(fx.corrupted.checkpointCid!)!)) as {
      checkpointCid: string;
    };
    files.set(
      fx.corrupted.checkpointCid!,
      manifestBytes({ leaseId: 2, firstStep: 3, lastStep: 5, checkpointCid: manifest.checkpointCid, records: [] }),
    );
    const r = await verifySubmission(params(fx.corrupted, { fetchImpl: verifyFetch(files) }));
    expect(r.recordsProven).toBe(false);
    expect(r.steps.map((s) => [s.step, s.rootMatches, s.lossMatches])).toEqual([
      [3, undefined, true],
      [4, undefined, true],
      [5, false, false],
    ]);
    expect(r.firstWrongStep).toBe(5);
  });

  it('refuses training data that is not the spec’s (a shard not the manifest’s, a manifest of other shards), and fetches it once per page', async () => {
    const shard = new Uint8Array(785_000);
    const tampered = datasetServer(new Map([['mnist/train-003.bin', shard]]));
    await expect(
      verifySubmission(
        params(fx.honest, { datasetsUrl: `${DATASETS_URL}`, fetchImpl: verifyFetch(fx.files, tampered) }),
      ),
    ).resolves.toBeDefined(); // cached: fetched once per page
    const otherUrl = `${DATASETS_URL}/elsewhere`;
    await expect(
      verifySubmission(params(fx.honest, { datasetsUrl: otherUrl, fetchImpl: verifyFetch(fx.files, tampered) })),
    ).rejects.toMatchObject({
      code: 'BAD_CONTENT',
      message: expect.stringMatching(
        /^the dataset shard mnist\/train-003\.bin is 785000 bytes with SHA-256 0x[0-9a-f]{64}, but its manifest entry \(under datasetRoot 0xab61.*\) says 785000 bytes, 0x/,
      ),
    });
    const manifest = new TextEncoder().encode(
      JSON.stringify({
        shards: [{ file: 'train-000.bin', split: 'train', bytes: 785000, sha256: `0x${'00'.repeat(32)}` }],
      }),
    );
    const third = `${DATASETS_URL}/third`;
    const otherShards = ((input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('manifest.json')
        ? Promise.resolve(new Response(manifest))
        : datasetServer()(input, init)) as typeof fetch;
    await expect(
      verifySubmission(params(fx.honest, { datasetsUrl: third, fetchImpl: verifyFetch(fx.files, otherShards) })),
    ).rejects.toMatchObject({
      code: 'BAD_CONTENT',
      message: expect.stringContaining(`lists shards whose datasetRoot is 0x`),
    });
  });

  it('refuses a parent checkpoint that is not the parent’s finalRoot, and a dataset server that is down', async () => {
    const files = new Map(fx.files);
    const parentManifest = JSON.parse(new TextDecoder().decode(files.get(fx.honest.checkpointCid!)!)) as {
      checkpointCid: string;
    };
    const bytes = files.get(parentManifest.checkpointCid)!.slice();
    bytes[200] = bytes[200]! ^ 1;
    files.set(parentManifest.checkpointCid, bytes);
    await expect(verifySubmission(params(fx.corrupted, { fetchImpl: verifyFetch(files) }))).rejects.toMatchObject({
      code: 'BAD_CONTENT',
      message: expect.stringContaining(`but submission 1's on-chain finalRoot is ${fx.honest.finalRoot}`),
    });
    const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    await expect(
      verifySubmission(
        params(fx.honest, { datasetsUrl: `${DATASETS_URL}/down`, fetchImpl: verifyFetch(fx.files, down) }),
      ),
    ).rejects.toMatchObject({
      code: 'GATEWAY_UNREACHABLE',
      message: `could not reach the dataset server ${DATASETS_URL}/down for the dataset manifest mnist/manifest.json: is it running, and does it allow this page's origin?`,
    });
  });

  it('verifies a gpt run on the KJV shards the same way', async () => {
    const gpt = await verifyFixture(GPT_SPEC);
    const at = (sub: SubmissionView) =>
      verifySubmission({
        ...params(sub),
        run: gpt.run,
        parent: sub.parentId === 0 ? 'genesis' : (gpt.honest as VerifiableSubmission),
        fetchImpl: verifyFetch(gpt.files),
      });
    expect((await at(gpt.redone)).firstWrongStep).toBeUndefined();
    const bad = await at(gpt.corrupted);
    expect(bad.firstWrongStep).toBe(4);
    expect(bad.datasetRoot).toBe(GPT_SPEC.dataset.datasetRoot);
  });
});
