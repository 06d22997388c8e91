import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './createLogger';

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('createLogger', () => {
  it('writes one JSON object per line when not on a terminal, with the component of child loggers', () => {
    const out = capture(false);
    const log = createLogger({ name: 'worker', destination: out.stream });
    log.child({ component: 'chain' }).info({ runId: '1' }, 'connected');
    const line = JSON.parse(out.text().trim());
    expect(line).toMatchObject({ name: 'worker', component: 'chain', runId: '1', msg: 'connected', level: 30 });
  });

  it('pretty-prints on a terminal', () => {
    const out = capture(true);
    createLogger({ name: 'worker', destination: out.stream }).info('hello there');
    expect(out.text()).toContain('hello there');
    expect(() => JSON.parse(out.text().trim())).toThrow();
  });

  it('honours the level and a forced format', () => {
    const out = capture(true);
    const log = createLogger({ name: 'w', level: 'warn', format: 'json', destination: out.stream });
    log.info('hidden');
    log.warn('shown');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toBe('shown');
  });

  it('redacts key-like fields wherever they appear', () => {
    const out = capture(false);
    const log = createLogger({ name: 'w', destination: out.stream });
    log.info({ privateKey: '0xdeadbeef', nested: { privateKey: '0xdeadbeef', secret: 'x1' } }, 'oops');
    expect(out.text()).not.toContain('deadbeef');
    expect(out.text()).not.toContain('x1');
    expect(JSON.parse(out.text()).privateKey).toBe('<redacted>');
  });
});
