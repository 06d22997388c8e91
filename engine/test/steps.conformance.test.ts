import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import { specHash } from '../src/spec/specHash';
import { runCase, type GoldenCase, type GoldenFile } from './conformance/stepCases';

const engineDir = fileURLToPath(new URL('..', import.meta.url));
const golden = JSON.parse(readFileSync(new URL('./golden/steps.json', import.meta.url), 'utf8')) as GoldenFile;

/** The consensus-relevant part of a case: everything but the spec's spelling. */
function records(c: GoldenCase) {
  return {
    name: c.name,
    specHash: c.specHash,
    genesisRoot: c.genesisRoot,
    stateRoots: c.stateRoots,
    lossBits: c.lossBits,
  };
}

/** Runs all golden cases in a fresh Node process (tsx loader, node:crypto hashing). */
function runInChildProcess(): Promise<GoldenCase[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/conformance/runCasesMain.ts'], {
      cwd: engineDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as GoldenCase[]);
    });
    child.stdin.end(JSON.stringify(golden.cases.map((c) => ({ name: c.name, spec: c.spec }))));
  });
}

describe('step conformance goldens (exact stateRoot and loss bits after steps 1, 10, 100)', () => {
  it('covers MLP and GPT with both SGD and AdamW', () => {
    const kinds = new Set(golden.cases.map((c) => `${c.spec.model.kind}/${c.spec.optimizer.kind}`));
    expect([...kinds].sort()).toEqual(['gpt/adamw', 'gpt/sgd', 'mlp/adamw', 'mlp/sgd']);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s reproduces its golden records in this process', (_, c) => {
    expect(specHash(parseRunSpec(c.spec))).toBe(c.specHash);
    expect(records(runCase(c.name, c.spec))).toEqual(records(c));
  });

  it('two separate processes compute the same roots as each other and as the goldens', async () => {
    const [a, b] = await Promise.all([runInChildProcess(), runInChildProcess()]);
    expect(a.map(records)).toEqual(b.map(records));
    expect(a.map(records)).toEqual(golden.cases.map(records));
  });
});
