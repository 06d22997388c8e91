import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.resolve(root, '..', 'node_modules', '.bin', 'tsx');
const run = (script: string, args: string[]) =>
  spawnSync(tsx, [path.join(root, 'scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: root },
  });

// Only the refusals: a successful run would rewrite subgraph.yaml under the developer's feet.
describe('command-line scripts', () => {
  it('prepareManifest rejects an unknown flag with exit 2', () => {
    const r = run('prepareManifest.ts', ['--nework', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/prepareManifest: Unknown option '--nework'/);
  });

  it('prepareManifest rejects a network name graph-node would not accept and a missing deployment file', () => {
    const bad = run('prepareManifest.ts', ['--network', 'Main Net']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--network must be a graph-node network name \(\[a-z0-9-\]\+\), got "Main Net"/);
    const missing = run('prepareManifest.ts', ['--deployment', 'nowhere.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read deployment file .*nowhere\.json/);
  });

  it('stand-in rejects a bad port with exit 2 before it starts anything', () => {
    const r = run('standIn.ts', ['--port', '70000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port must be a TCP port, got "70000"/);
  });
});
