import { keccak256 } from 'viem';
import { parseRunSpec, type RunSpec } from '@veritrain/engine';
import type { RunView } from '../data/types';
import type { ReadFromGateway } from './fetchFromGateway';
import { ModelError } from './modelError';

export const MAX_SPEC_BYTES = 64 * 1024;

/** The run spec at the run's specCid, refused unless keccak256 of its bytes is the run's on-chain specHash. */
export async function fetchRunSpec(
  read: ReadFromGateway,
  run: Pick<RunView, 'runId' | 'specCid' | 'specHash'>,
): Promise<RunSpec> {
  const specBytes = await read(run.specCid, 'run spec', MAX_SPEC_BYTES);
  if (keccak256(specBytes) !== run.specHash) {
    throw new ModelError(
      'BAD_CONTENT',
      `the run spec ${run.specCid} does not hash to run ${run.runId}'s on-chain specHash ${run.specHash}`,
    );
  }
  try {
    return parseRunSpec(JSON.parse(new TextDecoder().decode(specBytes)));
  } catch (cause) {
    throw new ModelError(
      'BAD_CONTENT',
      `the run spec ${run.specCid} is not a valid run spec: ${(cause as Error).message}`,
      { cause },
    );
  }
}
