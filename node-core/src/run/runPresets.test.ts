import { parseRunSpec } from '@veritrain/engine';
import { describe, expect, it } from 'vitest';
import { RUN_PRESETS, RUN_PRESET_NAMES } from './runPresets';

describe('RUN_PRESETS', () => {
  it.each(RUN_PRESET_NAMES)('%s is a valid run spec (within the spec limits)', (name) => {
    const spec = parseRunSpec(RUN_PRESETS[name]());
    expect(spec.dataset.datasetRoot).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('kjv-gpt-10m is the GPU-sized GPT of issue 10: 6 layers, 6 heads, C 384, T 256, batch 64', () => {
    expect(RUN_PRESETS['kjv-gpt-10m']()).toMatchObject({
      model: { kind: 'gpt', nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256 },
      batchSize: 64,
    });
  });
});
