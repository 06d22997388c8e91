import { describe, expect, it } from 'vitest';
import { exp32, log32, tanh32 } from '../../src/backend/index';
import { onePerKernelCopy, testBackends } from '../../src/backend/testing/backends.node.js';
import { polynomialInputs } from './cases/polynomialInputs';
import { hex32 } from './support/compareOutputs';
import { fromBits, toBits } from './support/floatSource';

// The protocol polynomials compiled into each kernel copy (KernelHost.poly: 0 exp, 1 log, 2 tanh; not on
// the Backend interface) against numerics/ bit for bit, NaN bits included. Threads do not matter for one
// value, so each instruction set is tested once.
const { backends } = await testBackends();
const compiled = backends.filter((b) => b.kind !== 'ref');
const copies = onePerKernelCopy(compiled);

const POLYNOMIALS = [
  { name: 'exp', op: 0, spec: exp32 },
  { name: 'log', op: 1, spec: log32 },
  { name: 'tanh', op: 2, spec: tanh32 },
] as const;

it('every compiled backend exposes its polynomials', () => {
  expect(compiled.filter((b) => b.poly === undefined).map((b) => b.name)).toEqual([]);
});

describe.each(POLYNOMIALS)('poly $name', ({ name, op, spec }) => {
  const inputs = polynomialInputs(name);
  const expected = new Uint32Array(new Float32Array(Array.from(inputs, (b) => spec(fromBits(b)))).buffer);

  it(`covers at least 2^20 inputs (${inputs.length})`, () => {
    expect(inputs.length).toBeGreaterThanOrEqual(1 << 20);
  });

  it.each(copies.map((b) => [b.name, b] as const))(`%s gives ${name}32's bits`, (backendName, b) => {
    const poly = b.poly!;
    // A device computes the whole grid in one launch (a launch per value would take minutes emulated).
    const many = b.polyMany
      ? new Uint32Array(b.polyMany(op, new Float32Array(new Uint32Array(inputs).buffer)).buffer)
      : undefined;
    for (let i = 0; i < inputs.length; i++) {
      const got = many ? many[i]! : toBits(poly(op, fromBits(inputs[i]!)));
      if (got !== expected[i]) {
        expect.fail(
          `poly.${name} on ${backendName}: input ${hex32(inputs[i]!)} (index ${i}): ref ${hex32(expected[i]!)}, ${backendName} ${hex32(got)}`,
        );
      }
    }
  });
});
