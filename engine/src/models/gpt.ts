import type { Backend, LayerNormResult, TensorLike } from '../backend/backend';
import { EngineError } from '../errors';
import type { GptModelSpec } from '../spec/runSpec';
import { attentionBackward, attentionForward, type AttentionCache, type AttentionShape } from './attention';
import { embeddingBackward, embeddingForward, positionIds } from './embedding';
import { layerNormBackward, layerNormForward } from './layernorm';
import { linearBackward, linearForward } from './linear';
import { meanCrossEntropy } from './loss';
import type { LossAndGrads, Model, ModelBatch, ParamSpec, SequenceBatch } from './model';

/** Uniform bound with the standard deviation 0.02 of GPT-2's normal init: 0.02·sqrt(3), in binary32. */
export const GPT_INIT_BOUND = Math.fround(0.02 * Math.sqrt(3));

/** Parameters per block, in canonical order (suffixes of `blocks.<l>.`). */
const BLOCK_PARAMS = [
  'ln1.weight',
  'ln1.bias',
  'attn.qkv.weight',
  'attn.qkv.bias',
  'attn.proj.weight',
  'attn.proj.bias',
  'ln2.weight',
  'ln2.bias',
  'mlp.fc.weight',
  'mlp.fc.bias',
  'mlp.proj.weight',
  'mlp.proj.bias',
] as const;

/**
 * Canonical parameter list: wte.weight [V×C], wpe.weight [T×C], then per block l the BLOCK_PARAMS
 * (LayerNorm weight = gain: ones, bias: zeros; qkv.weight [C×3C], proj.weight [C×C], fc.weight [C×4C],
 * mlp.proj.weight [4C×C]: uniform ±GPT_INIT_BOUND; linear biases: zeros), then lnf.weight, lnf.bias and
 * lmHead.weight [C×V] (uniform, untied from wte, no bias).
 */
export function gptParamSpecs(spec: GptModelSpec): ParamSpec[] {
  const { vocabSize: V, blockSize: T, nEmbd: C } = spec;
  const uniform = { kind: 'uniform', bound: GPT_INIT_BOUND } as const;
  const zeros = { kind: 'zeros' } as const;
  const ones = { kind: 'ones' } as const;
  const out: ParamSpec[] = [
    { name: 'wte.weight', shape: [V, C], init: uniform },
    { name: 'wpe.weight', shape: [T, C], init: uniform },
  ];
  for (let l = 0; l < spec.nLayer; l++) {
    const shapes: Record<(typeof BLOCK_PARAMS)[number], [number[], ParamSpec['init']]> = {
      'ln1.weight': [[C], ones],
      'ln1.bias': [[C], zeros],
      'attn.qkv.weight': [[C, 3 * C], uniform],
      'attn.qkv.bias': [[3 * C], zeros],
      'attn.proj.weight': [[C, C], uniform],
      'attn.proj.bias': [[C], zeros],
      'ln2.weight': [[C], ones],
      'ln2.bias': [[C], zeros],
      'mlp.fc.weight': [[C, 4 * C], uniform],
      'mlp.fc.bias': [[4 * C], zeros],
      'mlp.proj.weight': [[4 * C, C], uniform],
      'mlp.proj.bias': [[C], zeros],
    };
    for (const suffix of BLOCK_PARAMS) {
      const [shape, init] = shapes[suffix];
      out.push({ name: `blocks.${l}.${suffix}`, shape, init });
    }
  }
  out.push({ name: 'lnf.weight', shape: [C], init: ones });
  out.push({ name: 'lnf.bias', shape: [C], init: zeros });
  out.push({ name: 'lmHead.weight', shape: [C, V], init: uniform });
  return out;
}

type BlockCache<T> = {
  x: T;
  ln1: LayerNormResult<T>;
  att: { y: T; cache: AttentionCache<T> };
  x1: T;
  ln2: LayerNormResult<T>;
  h: T;
  hg: T;
};

/**
 * Decoder-only transformer (pre-LayerNorm, GPT-2 layout). With N = B·T rows:
 *   x = wte[tokens] ⊕ wpe[positions]
 *   per block: x1 = x ⊕ proj(attn(qkv(ln1(x))));  x = x1 ⊕ mlp.proj(gelu(mlp.fc(ln2(x1))))
 *   logits = lnf(x) · lmHead
 * Loss: mean cross-entropy over all N positions. Backward mirrors it; at each residual join the
 * gradient is (residual gradient) ⊕ (branch input gradient), in that order.
 */
export function createGpt(spec: GptModelSpec): Model {
  const paramSpecs = gptParamSpecs(spec);
  const { vocabSize: V, blockSize: T, nEmbd: C, nHead: H, nLayer: L } = spec;
  const D = C / H;
  const blockBase = (l: number) => 2 + 12 * l;
  const lnfIndex = 2 + 12 * L;

  function sequence(batch: ModelBatch): SequenceBatch {
    if (
      batch.kind !== 'sequence' ||
      batch.tokens.length !== batch.sequences * T ||
      batch.targets.length !== batch.sequences * T
    ) {
      throw new EngineError('SHAPE_MISMATCH', `gpt: expected a sequence batch of sequences×${T} tokens and targets`);
    }
    return batch;
  }

  function forward<T extends TensorLike>(be: Backend<T>, P: readonly T[], batch: SequenceBatch) {
    const B = batch.sequences;
    const N = B * T;
    const shape: AttentionShape = { sequences: B, blockSize: T, nHead: H, headSize: D };
    const positions = positionIds(B, T);
    let x = embeddingForward(be, P[0]!, P[1]!, batch.tokens, positions, V, T, C);
    const blocks: BlockCache<T>[] = [];
    for (let l = 0; l < L; l++) {
      const k = blockBase(l);
      const ln1 = layerNormForward(be, x, P[k]!, P[k + 1]!, N, C);
      const qkv = linearForward(be, ln1.y, P[k + 2]!, P[k + 3]!, N, C, 3 * C);
      const att = attentionForward(be, qkv, shape);
      const a = linearForward(be, att.y, P[k + 4]!, P[k + 5]!, N, C, C);
      const x1 = be.add(x, a);
      const ln2 = layerNormForward(be, x1, P[k + 6]!, P[k + 7]!, N, C);
      const h = linearForward(be, ln2.y, P[k + 8]!, P[k + 9]!, N, C, 4 * C);
      const hg = be.gelu(h);
      const m = linearForward(be, hg, P[k + 10]!, P[k + 11]!, N, 4 * C, C);
      blocks.push({ x, ln1, att, x1, ln2, h, hg });
      x = be.add(x1, m);
    }
    const lnf = layerNormForward(be, x, P[lnfIndex]!, P[lnfIndex + 1]!, N, C);
    const logits = linearForward(be, lnf.y, P[lnfIndex + 2]!, null, N, C, V);
    return { N, shape, positions, blocks, xFinal: x, lnf, logits };
  }

  return {
    paramSpecs,
    outputShape(batch) {
      const b = sequence(batch);
      return { rows: b.sequences * T, classes: V, targets: b.targets };
    },
    logits(be, params, batch) {
      return forward(be, params, sequence(batch)).logits;
    },
    lossAndGrads<T extends TensorLike>(be: Backend<T>, P: readonly T[], batch: ModelBatch): LossAndGrads<T> {
      const b = sequence(batch);
      const f = forward(be, P, b);
      const { N, shape } = f;
      const ce = meanCrossEntropy(be, f.logits, b.targets, N, V);
      const grads: T[] = new Array(paramSpecs.length);

      const head = linearBackward(be, f.lnf.y, P[lnfIndex + 2]!, false, ce.dlogits, N, C, V, true);
      grads[lnfIndex + 2] = head.dw;
      const lnfGrads = layerNormBackward(be, f.xFinal, P[lnfIndex]!, f.lnf, head.dx!, N, C);
      grads[lnfIndex] = lnfGrads.dgamma;
      grads[lnfIndex + 1] = lnfGrads.dbeta;
      let dx = lnfGrads.dx;

      for (let l = L - 1; l >= 0; l--) {
        const k = blockBase(l);
        const c = f.blocks[l]!;
        const mlpProj = linearBackward(be, c.hg, P[k + 10]!, true, dx, N, 4 * C, C, true);
        grads[k + 10] = mlpProj.dw;
        grads[k + 11] = mlpProj.db!;
        const dh = be.geluBackward(c.h, mlpProj.dx!);
        const fc = linearBackward(be, c.ln2.y, P[k + 8]!, true, dh, N, C, 4 * C, true);
        grads[k + 8] = fc.dw;
        grads[k + 9] = fc.db!;
        const ln2 = layerNormBackward(be, c.x1, P[k + 6]!, c.ln2, fc.dx!, N, C);
        grads[k + 6] = ln2.dgamma;
        grads[k + 7] = ln2.dbeta;
        const dx1 = be.add(dx, ln2.dx);

        const proj = linearBackward(be, c.att.y, P[k + 4]!, true, dx1, N, C, C, true);
        grads[k + 4] = proj.dw;
        grads[k + 5] = proj.db!;
        const dqkv = attentionBackward(be, proj.dx!, c.att.cache, shape);
        const qkv = linearBackward(be, c.ln1.y, P[k + 2]!, true, dqkv, N, C, 3 * C, true);
        grads[k + 2] = qkv.dw;
        grads[k + 3] = qkv.db!;
        const ln1 = layerNormBackward(be, c.x, P[k]!, c.ln1, qkv.dx!, N, C);
        grads[k] = ln1.dgamma;
        grads[k + 1] = ln1.dbeta;
        dx = be.add(dx1, ln1.dx);
      }
      const emb = embeddingBackward(be, dx, b.tokens, f.positions, V, T, C);
      grads[0] = emb.dwte;
      grads[1] = emb.dwpe;
      return { loss: ce.loss, grads };
    },
  };
}
