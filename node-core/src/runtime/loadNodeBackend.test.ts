import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { createLogger } from '../logging/createLogger';
import { loadNodeBackend } from './loadNodeBackend';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const logger = createLogger({ name: 'worker', format: 'json', destination: stream });
  return {
    logger,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('loadNodeBackend', () => {
  it('loads ref and logs one info line naming it', async () => {
    const log = capture();
    const loaded = await loadNodeBackend({ backend: 'ref', threads: 2, source: 'flag', logger: log.logger });
    expect(loaded.backend.name).toBe('ref');
    expect(log.lines()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'backend: ref (TypeScript)',
        backend: 'ref',
        requested: 'ref',
        threads: 2,
      }),
    ]);
  });

  it('auto: a warn line per backend it skipped, then the info line of the one it took', async () => {
    const log = capture();
    const loaded = await loadNodeBackend({
      backend: 'auto',
      threads: undefined,
      source: 'default',
      logger: log.logger,
    });
    const lines = log.lines();
    expect(lines).toHaveLength(loaded.skipped.length + 1);
    loaded.skipped.forEach((s, i) => {
      expect(lines[i]).toMatchObject({
        level: 40,
        backend: s.name,
        reason: s.reason,
        msg: `backend ${s.name} skipped: ${s.reason}`,
      });
    });
    expect(lines.at(-1)).toMatchObject({
      level: 30,
      backend: loaded.backend.name,
      requested: 'auto',
      msg: `backend: ${loaded.description}`,
    });
  });

  it.each(['native', 'wasm', 'cuda'] as const)(
    '%s: either loads and is logged, or is BACKEND_UNAVAILABLE (exit 2) naming where it was asked for',
    async (name) => {
      for (const [source, where] of [
        ['flag', `--backend ${name}`],
        ['env', `VERITRAIN_BACKEND=${name}`],
        ['file', `config file key "backend": ${name}`],
      ] as const) {
        const log = capture();
        const outcome = await loadNodeBackend({ backend: name, threads: undefined, source, logger: log.logger }).catch(
          (e: unknown) => e,
        );
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(NodeError);
          expect((outcome as NodeError).code).toBe('BACKEND_UNAVAILABLE');
          expect((outcome as NodeError).exitCode).toBe(2);
          expect(outcome.message).toMatch(new RegExp(`^${where}: the ${name} backend is unavailable: .+`));
          // No GPU: the driver's reason under CUDA_UNAVAILABLE.
          if (name === 'cuda')
            expect(outcome.message).toMatch(/unavailable: CUDA_UNAVAILABLE: .*(driver|device|libcuda)/);
          expect(log.lines()).toEqual([]);
        } else {
          expect(outcome).toMatchObject({ requested: name, backend: { name } });
          expect(log.lines()).toEqual([
            expect.objectContaining({
              level: 30,
              backend: name,
              msg: expect.stringMatching(new RegExp(`^backend: ${name}\\b`)),
            }),
          ]);
        }
      }
    },
  );
});
