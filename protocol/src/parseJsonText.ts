import { ProtocolError } from './errors';

export type ParseJsonTextOptions = {
  /** Names the text in messages: a file path, a flag, "spec <cid>". */
  source: string;
  /** Deepest nesting of arrays and objects accepted. Default 64: every document veritrain reads needs under 8. */
  maxDepth?: number;
};

export const DEFAULT_JSON_MAX_DEPTH = 64;

/**
 * JSON.parse with a bound on nesting, checked by one linear scan before parsing: JSON.parse itself copes with a
 * million nested brackets, but everything that walks the result afterwards (validation, structuredClone,
 * JSON.stringify in a log line) recurses and ends in an untyped "Maximum call stack size exceeded". Throws
 * ProtocolError INVALID_JSON naming the source and, for too deep a text, the limit.
 */
export function parseJsonText(text: string, options: ParseJsonTextOptions): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        throw new ProtocolError(
          'INVALID_JSON',
          `${options.source}: JSON nested deeper than ${maxDepth} levels (at character ${i}); expected at most ${maxDepth}`,
          {
            details: { source: options.source, maxDepth },
          },
        );
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError(
      'INVALID_JSON',
      `${options.source}: expected JSON, got a parse error: ${(cause as Error).message.slice(0, 200)}`,
      {
        cause,
        details: { source: options.source },
      },
    );
  }
}
