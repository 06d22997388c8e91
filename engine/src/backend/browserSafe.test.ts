import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The ref backend and the polynomials are the executable spec and must run in a browser: no Node-only
// imports (node:*, fs, path, crypto, Buffer) in any non-test source under backend/ and numerics/, except the
// Node-only loaders, which say so in their name (*.node.ts) and which the package entry does not reach.
const roots = ['.', '../numerics'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.node.ts')
      ? [path]
      : [];
  });
}

describe('browser safety of the executable spec', () => {
  const files = roots.flatMap(sources);

  it('finds the backend and numerics sources', () => {
    expect(files.some((f) => f.endsWith('matmul.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('exp.ts'))).toBe(true);
  });

  it.each(files.map((f) => [f.slice(f.lastIndexOf('/src/') + 5), f]))('%s imports nothing Node-only', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/from\s+['"](node:|fs['"]|path['"]|crypto['"]|os['"])/);
    expect(text).not.toMatch(/\bBuffer\.|\bprocess\.|\brequire\(/);
  });
});
