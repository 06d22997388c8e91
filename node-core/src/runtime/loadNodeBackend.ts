import { EngineError, type BackendChoice } from '@veritrain/engine';
import { loadBackend, type LoadedBackend } from '@veritrain/engine/node';
import { envName, flagName } from '../config/optionSpec';
import type { ValueSource } from '../config/resolveConfig';
import { NodeError } from '../errors';
import type { Logger } from '../logging/createLogger';

export type LoadNodeBackendParameters = {
  backend: BackendChoice;
  threads: number | undefined;
  /** Where `backend` came from, for the message when it cannot load. */
  source: ValueSource;
  logger: Logger;
};

/**
 * The backend a node computes every step with, loaded once at start: a warn line per backend `auto` skipped,
 * then one info line naming the one it took (`backend: ref (TypeScript)`). A backend that cannot load on this
 * machine is NodeError BACKEND_UNAVAILABLE (exit 2), naming the flag, env var or file key that asked for it.
 */
export async function loadNodeBackend(params: LoadNodeBackendParameters): Promise<LoadedBackend> {
  const { backend: choice, threads, logger } = params;
  let loaded: LoadedBackend;
  try {
    loaded = await loadBackend(choice, threads === undefined ? {} : { threads });
  } catch (cause) {
    if (!(cause instanceof EngineError) || cause.code !== 'BACKEND_UNAVAILABLE') throw cause;
    const where =
      params.source === 'env'
        ? `${envName('backend')}=${choice}`
        : params.source === 'file'
          ? `config file key "${flagName('backend')}": ${choice}`
          : `--backend ${choice}`;
    throw new NodeError('BACKEND_UNAVAILABLE', `${where}: ${cause.message}`, { details: cause.details, cause });
  }
  for (const s of loaded.skipped)
    logger.warn({ backend: s.name, reason: s.reason }, `backend ${s.name} skipped: ${s.reason}`);
  logger.info(
    {
      backend: loaded.backend.name,
      requested: loaded.requested,
      description: loaded.description,
      ...(threads === undefined ? {} : { threads }),
    },
    `backend: ${loaded.description}`,
  );
  return loaded;
}
