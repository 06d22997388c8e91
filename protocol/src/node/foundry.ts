import { createRequire } from 'node:module';
import path from 'node:path';
import { ProtocolError } from '../errors';

const require = createRequire(import.meta.url);
const archNames: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The real Foundry binary shipped by the @foundry-rs npm platform package. Never the node_modules/.bin
 * wrappers: they always exit 0 (docs/development.md).
 */
export function foundryBinary(tool: 'forge' | 'anvil'): string {
  const pkg = `@foundry-rs/${tool}-${process.platform}-${archNames[process.arch] ?? process.arch}`;
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', tool);
  } catch (cause) {
    throw new ProtocolError('INVALID_ARGUMENT', `${pkg} is not installed; run \`npm install\``, { cause });
  }
}

/** The repository root (where foundry.toml lives). */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
