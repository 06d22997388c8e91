import { describe, expect, it } from 'vitest';
import { refBackend } from '@veritrain/engine';
import { encodePrompt, generateText, nextTokenLogits } from './generateText';
import { loadRunModel } from './loadRunModel';
import { GPT_SPEC, scriptedGateway } from './testing/runFixture';
import { runFixture } from './testing/trainedFixture';

const fx = runFixture(GPT_SPEC, 2);
const loadedPromise = loadRunModel({
  gatewayUrl: 'http://gw.test',
  run: fx.run,
  choice: fx.choice,
  fetchImpl: scriptedGateway(fx.files).fetchImpl,
});

describe('gpt generation', () => {
  it('loads a gpt checkpoint with its vocabulary', async () => {
    const loaded = await loadedPromise;
    expect(loaded.vocab).toHaveLength(73);
    expect(encodePrompt(loaded.vocab!, 'In the')).toHaveLength(6);
    expect(() => encodePrompt(loaded.vocab!, 'a@b')).toThrow(
      'character "@" at position 2 is not in this model\'s 73-character vocabulary',
    );
  });

  it('gives the next-token logits of a short context exactly as a full window does (causal padding)', async () => {
    const loaded = await loadedPromise;
    const context = encodePrompt(loaded.vocab!, 'And God');
    const full = [...context, ...encodePrompt(loaded.vocab!, ' s')].slice(0, 8);
    const allLogits = loaded.model.logits(refBackend, loaded.params, {
      kind: 'sequence',
      sequences: 1,
      tokens: Int32Array.from(full),
      targets: new Int32Array(8),
    });
    const atLast = allLogits.slice((context.length - 1) * 73, context.length * 73);
    expect(Buffer.from(nextTokenLogits(loaded, context, refBackend).buffer)).toEqual(Buffer.from(atLast.buffer));
  });

  it('generates greedily the same text every time, and streams it', async () => {
    const loaded = await loadedPromise;
    const seen: string[] = [];
    const a = await generateText({
      loaded,
      backend: refBackend,
      prompt: 'In the beginning',
      maxNewChars: 20,
      temperature: 0,
      onText: (t) => seen.push(t),
    });
    const b = await generateText({
      loaded,
      backend: refBackend,
      prompt: 'In the beginning',
      maxNewChars: 20,
      temperature: 0,
    });
    expect(a).toHaveLength(20);
    expect(a).toBe(b);
    expect(seen.at(-1)).toBe(a);
    expect([...a].every((ch) => loaded.vocab!.includes(ch))).toBe(true);
    const sampled = await generateText({
      loaded,
      backend: refBackend,
      prompt: '',
      maxNewChars: 20,
      temperature: 1,
      random: () => 0.5,
    });
    expect(sampled).toHaveLength(20);
  });
});
