import { decodeCheckpoint, encodeCheckpoint, runStepsAsync, type StepRecord } from '@veritrain/engine';
import { stateRootNode } from '@veritrain/engine/node';
import { sleep } from '../lifecycle/sleep';
import type { Logger } from '../logging/createLogger';
import type { NodeMetrics } from '../metrics/createMetrics';
import type { LoadedRun } from './loadRun';

export type ComputeLeaseParameters = {
  run: LoadedRun;
  parent: Uint8Array;
  firstStep: number;
  lastStep: number;
  signal: AbortSignal;
  logger: Logger;
  /** Where each step's compute time goes (`veritrain_step_seconds{backend}`). */
  metrics: Pick<NodeMetrics, 'stepSeconds'>;
  throttleStepMs?: number;
  /** ADVERSARIAL (tests and demo): after computing this step, perturb the state and commit that instead. */
  corruptStep?: number | undefined;
  /** ADVERSARIAL (tests and demo): publish a malformed final checkpoint (and commit to its root). */
  malformFinal?: 'nan' | 'truncated' | undefined;
};

/** Bytes no honest engine would write: a NaN in the last tensor element, or the encoding cut short. */
export function malformCheckpoint(bytes: Uint8Array, how: 'nan' | 'truncated'): Uint8Array {
  if (how === 'truncated') return bytes.slice(0, bytes.length - 1000);
  const out = bytes.slice();
  out.set([0x00, 0x00, 0xc0, 0x7f], out.length - 4); // float32 quiet NaN, little-endian
  return out;
}

/**
 * Trains steps firstStep…lastStep from the parent checkpoint with the run's backend, one step at a time (so a
 * shutdown stops between steps and progress is reported), and returns every step's record and the final
 * checkpoint.
 */
export async function computeLease(params: ComputeLeaseParameters): Promise<{ records: StepRecord[]; checkpoint: Uint8Array }> {
  const { run, firstStep, lastStep, logger } = params;
  const records: StepRecord[] = [];
  let checkpoint = params.parent;
  const started = Date.now();
  let lastReport = started;
  for (let step = firstStep; step <= lastStep; step++) {
    const stepStarted = Date.now();
    const computeStarted = performance.now();
    const out = await runStepsAsync({ spec: run.spec, checkpoint, steps: 1, data: run.data, backend: run.backend, stateRoot: stateRootNode, signal: params.signal });
    params.metrics.stepSeconds.observe({ backend: run.backend.name }, (performance.now() - computeStarted) / 1000);
    let record = out.records[0]!;
    checkpoint = out.checkpoint;
    if (params.corruptStep === step) {
      // A plausible fraud: one weight nudged, everything after built on it consistently.
      const ckpt = decodeCheckpoint(checkpoint);
      ckpt.tensors[0]!.data[0] = Math.fround(ckpt.tensors[0]!.data[0]! + 0.5);
      checkpoint = encodeCheckpoint(ckpt);
      record = { ...record, stateRoot: stateRootNode(checkpoint) };
      logger.warn({ step }, 'ADVERSARIAL: committing a corrupted state at this step');
    }
    if (params.malformFinal !== undefined && step === lastStep) {
      checkpoint = malformCheckpoint(checkpoint, params.malformFinal);
      record = { ...record, stateRoot: stateRootNode(checkpoint) };
      logger.warn({ step, how: params.malformFinal }, 'ADVERSARIAL: publishing a malformed checkpoint');
    }
    records.push(record);
    logger.debug({ step, loss: record.loss, stateRoot: record.stateRoot }, 'step');
    if (Date.now() - lastReport >= 2_000 || step === lastStep) {
      lastReport = Date.now();
      const done = step - firstStep + 1;
      logger.info(
        { step, of: lastStep, loss: record.loss, backend: run.backend.name, stepsPerS: Number((done / ((Date.now() - started) / 1000 || 1e-3)).toFixed(2)) },
        `computed ${done}/${lastStep - firstStep + 1} steps`,
      );
    }
    const wait = (params.throttleStepMs ?? 0) - (Date.now() - stepStarted);
    if (wait > 0) await sleep(wait, params.signal);
  }
  return { records, checkpoint };
}
