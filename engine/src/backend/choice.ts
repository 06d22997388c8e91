import { EngineError } from '../errors';

/** What a node may ask for: `auto` prefers cuda (when a GPU answers), then native, then wasm, then ref. */
export const BACKEND_CHOICES = ['auto', 'ref', 'native', 'wasm', 'cuda'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Parses a `--backend` value (or its env twin); `input` names where it came from in the error. */
export function parseBackendChoice(value: string, input = '--backend'): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new EngineError(
    'INVALID_ARGUMENT',
    `${input} is ${JSON.stringify(value)}; expected one of ${BACKEND_CHOICES.join(', ')}`,
    {
      details: { input, value, expected: [...BACKEND_CHOICES] },
    },
  );
}
