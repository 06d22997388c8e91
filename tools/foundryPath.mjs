import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const archNames = { x64: 'amd64', arm64: 'arm64' };

/** Absolute path of the real Foundry binary (not the always-exit-0 npm wrapper). */
export function foundryBinary(tool) {
  const arch = archNames[process.arch] ?? process.arch;
  return path.join(root, 'node_modules', '@foundry-rs', `${tool}-${process.platform}-${arch}`, 'bin', tool);
}
