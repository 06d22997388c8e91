import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The state layer must run in browsers (the dashboard verifies roots client-side). Only files named
// *.node.ts may use Node built-ins, and index.ts files must not re-export them.
const SRC = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['prng', 'data', 'checkpoint'];

describe('state layer browser safety', () => {
  it('imports no Node built-ins outside *.node.ts and tests', () => {
    const offenders: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of readdirSync(join(SRC, folder))) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.node.ts')) continue;
        const text = readFileSync(join(SRC, folder, file), 'utf8');
        if (/from ['"](node:|fs['"]|crypto['"]|path['"])|\.node['"]|require\(/.test(text))
          offenders.push(`${folder}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
