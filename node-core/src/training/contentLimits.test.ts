import { describe, expect, it } from 'vitest';
import { parseRunSpec } from '@veritrain/engine';
import { NodeError } from '../errors';
import { RUN_PRESETS } from '../run/runPresets';
import { encodeSubmissionManifest, parseSubmissionManifest } from '../submission/submissionManifest';
import { manifestMaxBytes, MAX_SPEC_BYTES } from './contentLimits';
import { checkMemoryBudget } from './loadRun';

const UINT256_MAX = (1n << 256n) - 1n;

/** The largest honest manifest of k steps: ids and step numbers at their widest. */
function widestManifest(k: number): Uint8Array {
  const firstStep = Number.MAX_SAFE_INTEGER - k;
  return encodeSubmissionManifest({
    version: 1,
    runId: UINT256_MAX,
    leaseId: UINT256_MAX,
    firstStep,
    lastStep: firstStep + k - 1,
    checkpointCid: `bafy${'a'.repeat(124)}`,
    records: Array.from({ length: k }, (_, i) => ({
      step: firstStep + i,
      stateRoot: `0x${'f'.repeat(64)}` as const,
      lossBits: 0xffffffff,
    })),
  });
}

const gpt = parseRunSpec(RUN_PRESETS['kjv-gpt-128']());

describe('manifestMaxBytes', () => {
  it('holds the widest honest manifest of k steps, and is within a few bytes per record of it', () => {
    for (const k of [1, 10, 1000, 99_999]) {
      const bytes = widestManifest(k);
      expect(parseSubmissionManifest(bytes).records).toHaveLength(k);
      expect(bytes.length).toBeLessThanOrEqual(manifestMaxBytes(k));
      expect(manifestMaxBytes(k)).toBeLessThan(bytes.length + 1024 + 32 * k);
    }
  });
});

describe('MAX_SPEC_BYTES', () => {
  it('is far above a canonical spec', async () => {
    const { canonicalRunSpec } = await import('@veritrain/engine');
    expect(new TextEncoder().encode(canonicalRunSpec(gpt)).length * 16).toBeLessThan(MAX_SPEC_BYTES);
  });
});

describe('checkMemoryBudget', () => {
  it('lets a node join a run that fits its budget', () => {
    expect(() => checkMemoryBudget(1n, gpt, 4096)).not.toThrow();
  });

  it('refuses a run whose step needs more than --memory-budget-mib, saying how much and what to change', () => {
    let err: unknown;
    try {
      checkMemoryBudget(7n, gpt, 16);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NodeError);
    expect((err as NodeError).code).toBe('INVALID_CONFIG');
    expect((err as NodeError).message).toMatch(
      /^run 7 needs about \d+ MiB per step \(\d+ parameters, \d+ activations\), more than this node's memory budget of 16 MiB \(--memory-budget-mib\); not joining it/,
    );
    expect((err as NodeError).message).toContain('VERITRAIN_MEMORY_BUDGET_MIB');
  });
});
