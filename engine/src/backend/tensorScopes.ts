import { EngineError } from '../errors';

/**
 * The scope stack of a device backend (Backend's tensor lifetime rules): `adopt` puts a new tensor in the
 * innermost open scope; `scope` runs fn and frees what its scope still holds when fn returns or throws;
 * `keep` moves a tensor from the innermost scope to the enclosing one (at the outermost, out of every
 * scope: it then lives until released).
 */
export function createTensorScopes<T>(backend: string, free: (t: T) => void) {
  const scopes: Set<T>[] = [];
  return {
    adopt(t: T): T {
      scopes.at(-1)?.add(t);
      return t;
    },
    scope<R>(fn: () => R): R {
      scopes.push(new Set());
      try {
        const r = fn();
        if (r instanceof Promise)
          throw new EngineError('INVALID_ARGUMENT', `${backend}: scope needs a synchronous function`);
        return r;
      } finally {
        for (const t of scopes.pop()!) free(t);
      }
    },
    keep(t: T): T {
      const n = scopes.length;
      if (n > 0 && scopes[n - 1]!.delete(t)) scopes[n - 2]?.add(t);
      return t;
    },
  };
}
