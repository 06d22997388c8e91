import type { Backend } from '@veritrain/engine';
import type { LoadedModel } from './loadRunModel';
import { ModelError } from './modelError';
import { argmax, softmax } from './probabilities';

/** Token ids of `text` in the run's character vocabulary; an unknown character is an error naming it. */
export function encodePrompt(vocab: string, text: string): number[] {
  return Array.from(text, (ch, i) => {
    const id = vocab.indexOf(ch);
    if (id < 0) {
      throw new ModelError(
        'UNSUPPORTED',
        `character ${JSON.stringify(ch)} at position ${i + 1} is not in this model's ${vocab.length}-character vocabulary`,
      );
    }
    return id;
  });
}

/**
 * Logits of the token after `tokens` (the last blockSize of them), from the engine's exact forward pass. The
 * window is padded after the context to blockSize tokens: attention is causal, so the padding cannot change
 * the logits at the last real position. Any VT-F32 backend gives the same bits.
 */
export function nextTokenLogits(loaded: LoadedModel, tokens: readonly number[], backend: Backend): Float32Array {
  const m = loaded.spec.model;
  if (m.kind !== 'gpt') throw new ModelError('UNSUPPORTED', `run ${loaded.runId} is a ${m.kind}, not a language model`);
  const T = m.blockSize;
  const context = tokens.slice(-T);
  if (context.length === 0) throw new ModelError('UNSUPPORTED', 'expected at least one token of context');
  const window = new Int32Array(T);
  window.set(context);
  const logits = loaded.model.logits(backend, loaded.params, {
    kind: 'sequence',
    sequences: 1,
    tokens: window,
    targets: new Int32Array(T),
  });
  const V = m.vocabSize;
  return logits.slice((context.length - 1) * V, context.length * V);
}

/** Samples an index from probabilities with one uniform draw in [0, 1). */
function sample(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i]!;
    if (u < acc) return i;
  }
  return probabilities.length - 1;
}

export type GenerateTextParameters = {
  loaded: LoadedModel;
  /** What the forward passes run on (the page's wasm backend, or ref). */
  backend: Backend;
  prompt: string;
  maxNewChars: number;
  /** 0 = greedy (always the most likely character); otherwise softmax(logits / temperature) sampling. */
  temperature: number;
  random?: () => number;
  /** Called with each new character, so the page can show text as it comes. */
  onText?: (textSoFar: string) => void;
  signal?: AbortSignal;
};

/**
 * Char-level generation with the engine's forward pass. An empty prompt starts at a line break (the corpus has
 * one verse per line). Yields to the page every few characters so typing stays responsive.
 */
export async function generateText(p: GenerateTextParameters): Promise<string> {
  const vocab = p.loaded.vocab;
  if (vocab === undefined) throw new ModelError('UNSUPPORTED', `run ${p.loaded.runId} has no character vocabulary`);
  const tokens = encodePrompt(vocab, p.prompt.length > 0 ? p.prompt : '\n');
  const random = p.random ?? Math.random;
  let out = '';
  for (let i = 0; i < p.maxNewChars; i++) {
    p.signal?.throwIfAborted();
    const logits = nextTokenLogits(p.loaded, tokens, p.backend);
    const id = p.temperature <= 0 ? argmax(logits) : sample(softmax(logits, p.temperature), random());
    tokens.push(id);
    out += vocab[id]!;
    p.onText?.(out);
    if (i % 8 === 7) await new Promise((r) => setTimeout(r, 0));
  }
  return out;
}
