import { readFileSync } from 'node:fs';
import type { BuiltDataset } from './assembleManifest';
import { serializeManifest } from './manifest';

export interface BuildComparison {
  name: string;
  matches: boolean;
  /** Paths (like `shards[3].sha256`) whose values differ, empty when `matches`. */
  differences: string[];
  rebuiltText: string;
}

/** Compares a rebuilt manifest with the committed file, byte for byte, and lists differing fields. */
export function compareWithCommitted(built: BuiltDataset, committedPath: string): BuildComparison {
  const rebuiltText = serializeManifest(built.manifest);
  let committedText = '';
  try {
    committedText = readFileSync(committedPath, 'utf8');
  } catch {
    return { name: built.manifest.name, matches: false, differences: [`${committedPath} (missing)`], rebuiltText };
  }
  const differences: string[] = [];
  if (committedText !== rebuiltText) {
    let committed: unknown;
    try {
      committed = JSON.parse(committedText);
    } catch {
      committed = undefined;
    }
    diff(committed, JSON.parse(rebuiltText) as unknown, '', differences);
    if (differences.length === 0) differences.push('(formatting only)');
  }
  return { name: built.manifest.name, matches: differences.length === 0, differences, rebuiltText };
}

function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const sub = Array.isArray(b) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      diff((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], sub, out);
    }
  } else if (a !== b) {
    out.push(`${path}: committed ${JSON.stringify(a)}, rebuilt ${JSON.stringify(b)}`);
  }
}
