import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { NodeError } from '../errors';

export type StateStore<T> = {
  /** The state file's path. */
  path: string;
  /** The last state saved, or `undefined` when none was ever saved. Throws `STATE` on a corrupt file. */
  load(): T | undefined;
  /** Replaces the state atomically: after a crash the file holds either the old or the new state. */
  save(state: T): void;
};

export type CreateStateStoreParameters<T> = {
  /** The node's --data-dir; created if missing. */
  dir: string;
  /** File name stem, e.g. "worker" → worker.json. */
  name: string;
  /** Checks a loaded value (e.g. a schema version) and returns it typed; throw to reject. */
  validate?: (value: unknown) => T;
  /** Test seam: runs after the temp file is written and fsynced, before the rename. */
  beforeRename?: () => void;
};

const BIGINT_TAG = '$bigint';

/** JSON with bigints, which on-chain ids and amounts are: `{"$bigint":"123"}`. */
export function stringifyState(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { [BIGINT_TAG]: v.toString() } : v), 2)}\n`;
}

export function parseState(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[BIGINT_TAG];
      if (keys.length === 1 && typeof tagged === 'string' && /^-?\d+$/.test(tagged)) return BigInt(tagged);
    }
    return v;
  });
}

function fsyncDir(dir: string): void {
  // Makes the rename itself durable. Some platforms cannot open a directory; the rename is atomic anyway.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * A small JSON state file in the node's data directory, replaced atomically (write a temp file, fsync,
 * rename over the old one, fsync the directory), so a node killed at any instant restarts from a whole
 * state: a held lease, a committed-but-unrevealed vote, an unfinished dispute. Leftover temp files of a
 * crashed write are removed on load. Synchronous on purpose: it is called between protocol actions and
 * must be on disk before the next transaction is sent.
 */
export function createStateStore<T>(params: CreateStateStoreParameters<T>): StateStore<T> {
  if (!/^[A-Za-z0-9._-]+$/.test(params.name)) {
    throw new NodeError(
      'INVALID_ARGUMENT',
      `state name: expected letters, digits, '.', '_' or '-', got '${params.name}'`,
    );
  }
  try {
    mkdirSync(params.dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new NodeError(
      'STATE',
      `--data-dir ${params.dir}: cannot create the directory (${(cause as NodeJS.ErrnoException).code})`,
      { cause },
    );
  }
  const path = join(params.dir, `${params.name}.json`);
  const tmpPrefix = `.${params.name}.json.tmp-`;

  return {
    path,
    load() {
      for (const entry of readdirSync(params.dir)) {
        if (entry.startsWith(tmpPrefix)) unlinkSync(join(params.dir, entry));
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new NodeError('STATE', `cannot read state file ${path} (${(cause as NodeJS.ErrnoException).code})`, {
          cause,
        });
      }
      let value: unknown;
      try {
        value = parseState(text);
      } catch (cause) {
        throw new NodeError(
          'STATE',
          `state file ${path}: expected JSON written by this node, got a parse error; move it away to start fresh`,
          {
            cause,
          },
        );
      }
      if (!params.validate) return value as T;
      try {
        return params.validate(value);
      } catch (cause) {
        throw new NodeError('STATE', `state file ${path}: ${(cause as Error).message}`, { cause });
      }
    },
    save(state) {
      const tmp = join(params.dir, `${tmpPrefix}${process.pid}-${Date.now()}`);
      try {
        const fd = openSync(tmp, 'w', 0o600);
        try {
          writeSync(fd, stringifyState(state));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        params.beforeRename?.();
        renameSync(tmp, path);
      } catch (cause) {
        try {
          unlinkSync(tmp);
        } catch {
          /* already gone */
        }
        if (cause instanceof NodeError) throw cause;
        throw new NodeError(
          'STATE',
          `cannot write state file ${path} (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
          {
            cause,
          },
        );
      }
      fsyncDir(params.dir);
    },
  };
}
