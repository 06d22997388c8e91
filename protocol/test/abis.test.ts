import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const wagmiPkg = path.dirname(require.resolve('@wagmi/cli/package.json'));
const wagmiBin = path.join(wagmiPkg, (require('@wagmi/cli/package.json') as { bin: { wagmi: string } }).bin.wagmi);

describe('generated ABIs', () => {
  it('match the current forge artifacts (run `npm run abis` after changing a contract)', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'veritrain-abis-')), 'abis.ts');
    execFileSync(process.execPath, [wagmiBin, 'generate'], {
      cwd: pkg,
      env: { ...process.env, VERITRAIN_ABI_OUT: out },
      stdio: 'pipe',
    });
    const fresh = readFileSync(out, 'utf8');
    const committed = readFileSync(path.join(pkg, 'src/generated/abis.ts'), 'utf8');
    expect(fresh.length).toBeGreaterThan(1000);
    expect(committed).toBe(fresh);
  });
});
