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
 * Trains steps firstStep…lastStep from the parent checkpoint with the run's backend and returns every step's
 * record and the final checkpoint. The steps run in one engine call, so a device backend (cuda) keeps the
 * state on the device through the lease; a shutdown still stops between steps (the signal), and each step's
 * compute time and the progress line are reported as it finishes. The adversarial corruption splits the
 * lease at the corrupted step (the rest is computed from the corrupted state, as a cheater would).
 */
export async function computeLease(
  params: ComputeLeaseParameters,
): Promise<{ records: StepRecord[]; checkpoint: Uint8Array }> {
  const { run, firstStep, lastStep, logger } = params;
  const records: StepRecord[] = [];
  let checkpoint = params.parent;
  const started = Date.now();
  let lastReport = started;
  const corrupt =
    params.corruptStep !== undefined && params.corruptStep >= firstStep && params.corruptStep <= lastStep
      ? params.corruptStep
      : undefined;
  const segments: [number, number][] =
    corrupt === undefined
      ? [[firstStep, lastStep]]
      : [
          [firstStep, corrupt],
          [corrupt + 1, lastStep],
        ];
  for (const [from, to] of segments) {
    if (from > to) continue;
    let stepStarted = Date.now();
    let computeStarted = performance.now();
    const out = await runStepsAsync({
      spec: run.spec,
      checkpoint,
      steps: to - from + 1,
      data: run.data,
      backend: run.backend,
      stateRoot: stateRootNode,
      signal: params.signal,
      onStep(record) {
        params.metrics.stepSeconds.observe({ backend: run.backend.name }, (performance.now() - computeStarted) / 1000);
        logger.debug({ step: record.step, loss: record.loss, stateRoot: record.stateRoot }, 'step');
        if (Date.now() - lastReport >= 2_000 || record.step === lastStep) {
          lastReport = Date.now();
          const done = record.step - firstStep + 1;
          logger.info(
            {
              step: record.step,
              of: lastStep,
              loss: record.loss,
              backend: run.backend.name,
              stepsPerS: Number((done / ((Date.now() - started) / 1000 || 1e-3)).toFixed(2)),
            },
            `computed ${done}/${lastStep - firstStep + 1} steps`,
          );
        }
      },
      async betweenSteps() {
        const wait = (params.throttleStepMs ?? 0) - (Date.now() - stepStarted);
        if (wait > 0) await sleep(wait, params.signal);
        stepStarted = Date.now();
        computeStarted = performance.now();
      },
    });
    records.push(...out.records);
    checkpoint = out.checkpoint;
    if (corrupt === to) {
      // A plausible fraud: one weight nudged, everything after built on it consistently.
      const ckpt = decodeCheckpoint(checkpoint);
      ckpt.tensors[0]!.data[0] = Math.fround(ckpt.tensors[0]!.data[0]! + 0.5);
      checkpoint = encodeCheckpoint(ckpt);
      records[records.length - 1] = { ...records[records.length - 1]!, stateRoot: stateRootNode(checkpoint) };
      logger.warn({ step: to }, 'ADVERSARIAL: committing a corrupted state at this step');
    }
  }
  if (params.malformFinal !== undefined) {
    checkpoint = malformCheckpoint(checkpoint, params.malformFinal);
    records[records.length - 1] = { ...records[records.length - 1]!, stateRoot: stateRootNode(checkpoint) };
    logger.warn({ step: lastStep, how: params.malformFinal }, 'ADVERSARIAL: publishing a malformed checkpoint');
  }
  return { records, checkpoint };
}
