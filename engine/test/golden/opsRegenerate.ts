/**
 * Rewrites engine/test/golden/ops.json from the ref backend. Run only when VT-F32 itself changes on
 * purpose (`npm run golden:ops -w engine`), and say why in the commit: every backend and every
 * recorded training step depends on these bits.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { refBackend } from '../../src/backend/index';
import { computeOpGoldens } from './opsCases';

const target = fileURLToPath(new URL('./ops.json', import.meta.url));
const goldens = computeOpGoldens(refBackend);
writeFileSync(
  target,
  `${JSON.stringify({ format: 'veritrain-op-goldens/1', hash: 'sha256-f32le', ops: goldens }, null, 2)}\n`,
);
process.stdout.write(`wrote ${Object.keys(goldens).length} op goldens to ${target}\n`);
