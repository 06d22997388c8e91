import type { Command } from 'commander';
import type { BackendChoice } from '../backend/choice';
import { loadBackend, type LoadedBackend } from '../backend/select.node.js';
import { EngineError } from '../errors';
import { progress } from './io';

export type BackendFlags = { backend: BackendChoice; threads?: number };

/**
 * Loads the backend `--backend` (or VERITRAIN_BACKEND) asks for and reports on stderr what `auto` skipped and
 * what it computes with. A backend that cannot load on this machine is EngineError BACKEND_UNAVAILABLE naming
 * the flag or env var it was asked for by.
 */
export async function loadCliBackend(command: Command, flags: BackendFlags, quiet = false): Promise<LoadedBackend> {
  let loaded: LoadedBackend;
  try {
    loaded = await loadBackend(flags.backend, flags.threads === undefined ? {} : { threads: flags.threads });
  } catch (e) {
    if (!(e instanceof EngineError) || e.code !== 'BACKEND_UNAVAILABLE') throw e;
    const where =
      command.getOptionValueSource('backend') === 'env'
        ? `VERITRAIN_BACKEND=${flags.backend}`
        : `--backend ${flags.backend}`;
    throw new EngineError(e.code, `${where}: ${e.message}`, { details: e.details, cause: e });
  }
  if (!quiet) {
    for (const s of loaded.skipped) progress(`backend ${s.name} skipped: ${s.reason}`);
    progress(`backend: ${loaded.description}`);
  }
  return loaded;
}
