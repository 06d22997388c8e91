import type { Backend } from '../backend';

export type NativeLoadResult = { ok: true; backend: Backend; description: string } | { ok: false; reason: string };

/** Loads the Node-API addon built at install (engine/native). Placeholder until the addon lands. */
export function loadNativeBackend(_options: { threads?: number } = {}): NativeLoadResult {
  return { ok: false, reason: 'the native addon is not built yet' };
}
