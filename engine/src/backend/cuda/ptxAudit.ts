/**
 * Reads PTX for the instructions VT-F32 forbids in consensus kernels: anything fused (fma, mad on floats),
 * approximate (.approx, ex2, lg2, rcp, rsqrt, sin, cos, tanh), flushing subnormals (.ftz), min/max on
 * floats (their signed-zero and NaN rules are not ref's comparisons), reduced precision (f16, bf16, tf32,
 * tensor-core mma), and atomics or reductions (their order is not fixed).
 */
export type PtxKernel = { name: string; opcodes: Map<string, number> };

/** The kernels (.entry) of a PTX text with the count of each instruction (opcode with its modifiers). */
export function ptxKernels(ptx: string): PtxKernel[] {
  const kernels: PtxKernel[] = [];
  let current: PtxKernel | undefined;
  for (const raw of ptx.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const entry = /^\.(?:visible\s+)?\.entry\s+(\w+)/.exec(line) ?? /^\.visible \.entry (\w+)/.exec(line);
    if (entry) {
      current = { name: entry[1]!, opcodes: new Map() };
      kernels.push(current);
      continue;
    }
    if (
      !current ||
      line === '' ||
      line.startsWith('.') ||
      line.startsWith('{') ||
      line.startsWith('}') ||
      line.endsWith(':') ||
      line.startsWith(')')
    )
      continue;
    // Predicated instructions start with @p or @!p.
    const m = /^(?:@!?%?\w+\s+)?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)/.exec(line);
    if (m) current.opcodes.set(m[1]!, (current.opcodes.get(m[1]!) ?? 0) + 1);
  }
  return kernels;
}

const FORBIDDEN_ROOTS = new Set([
  'fma',
  'ex2',
  'lg2',
  'rcp',
  'rsqrt',
  'sin',
  'cos',
  'tanh',
  'atom',
  'red',
  'mma',
  'wmma',
  'wgmma',
  'testp',
  'copysign',
]);
const FLOAT_TYPES = /\.(f16|f16x2|bf16|bf16x2|tf32|f32|f64)\b/;

/** Why an opcode is forbidden, or undefined when it is allowed. */
export function forbiddenReason(opcode: string): string | undefined {
  const parts = opcode.split('.');
  const root = parts[0]!;
  if (FORBIDDEN_ROOTS.has(root)) return `${root} is fused, approximate, atomic or reduced-precision`;
  if (parts.includes('ftz')) return '.ftz flushes subnormals';
  if (parts.includes('approx') || parts.includes('full')) return '.approx/.full are not correctly rounded';
  if (/\.(f16|f16x2|bf16|bf16x2|tf32)\b/.test(opcode)) return 'reduced precision';
  if ((root === 'mad' || root === 'max' || root === 'min') && FLOAT_TYPES.test(opcode))
    return `${root} on floats is not VT-F32 (fused, or other signed-zero/NaN rules)`;
  if (
    (root === 'add' || root === 'sub' || root === 'mul' || root === 'div' || root === 'sqrt') &&
    /\.f32$/.test(opcode) &&
    !parts.includes('rn')
  ) {
    return `${opcode} has no explicit round-to-nearest (.rn), so the compiler may contract or approximate it`;
  }
  return undefined;
}
