import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every file the package entry reaches must run in a browser: no Node built-ins, no dataset loader. */
describe('library code is browser-safe', () => {
  const library = files(src)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter(
      (f) =>
        !f.includes('/cli/') && !f.endsWith('.node.ts') && !f.endsWith('/node.ts') && !f.endsWith('/loadRunData.ts'),
    );

  it.each(library.map((f) => [relative(src, f), f]))(
    '%s imports no Node built-in or @veritrain/datasets',
    (_, file) => {
      const imports = [
        ...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm),
      ].map((m) => m[1]!);
      const forbidden = imports.filter(
        (i) =>
          i.startsWith('node:') || i === '@veritrain/datasets' || i.endsWith('/loadRunData') || i.includes('.node'),
      );
      expect(forbidden).toEqual([]);
    },
  );
});
