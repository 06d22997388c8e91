import { expect, it } from 'vitest';
import { refBackend, type Backend } from '../../src/backend/index';
import { testBackends } from '../../src/backend/testing/backends.node.js';
import { EngineError } from '../../src/errors';
import { ERROR_CASES } from './cases/errorCases';

// Bad shapes, dimensions, indices and aliasing throw the same EngineError (code and message) on every
// backend as on ref, before any kernel runs.
const { backends } = await testBackends();
const compiled = backends.filter((b) => b.kind !== 'ref');

function thrown(call: (be: Backend) => unknown, be: Backend): { code: string; message: string } | string {
  try {
    call(be);
    return 'no error';
  } catch (e) {
    return e instanceof EngineError ? { code: e.code, message: e.message } : `not an EngineError: ${String(e)}`;
  }
}

// sum takes any tensor; the remaining tensor members cannot be called wrongly on a host backend.
const NO_BAD_CALLS = ['name', 'sum', 'residency', 'upload', 'release', 'scope', 'keep', 'allFinite'];

it('every Backend method but those that accept anything has bad calls', () => {
  const kernels = new Set(ERROR_CASES.map((c) => c.kernel));
  const methods = Object.keys(refBackend).filter((k) => !NO_BAD_CALLS.includes(k));
  expect(methods.filter((m) => !kernels.has(m))).toEqual([]);
});

it.each(ERROR_CASES.map((c) => [`${c.kernel}: ${c.label}`, c] as const))(
  '%s: the same EngineError on every backend as on ref',
  (_, c) => {
    const expected = thrown(c.call, refBackend);
    expect(typeof expected, `ref: ${String(expected)}`).toBe('object');
    for (const b of compiled) expect(thrown(c.call, b.backend), b.name).toEqual(expected);
  },
);
