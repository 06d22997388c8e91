import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/createLogger';
import { createLifecycle } from './createLifecycle';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return Object.assign(emitter, { exit: (code: number) => void exits.push(code), exits });
}
const logger = createLogger({ name: 'test', level: 'silent' });

describe('createLifecycle', () => {
  it('the first SIGINT aborts the work signal; cleanup then runs in reverse order and the exit code is kept', async () => {
    const proc = fakeProcess();
    const life = createLifecycle({ logger, process: proc });
    const order: string[] = [];
    life.onShutdown('metrics server', () => void order.push('metrics'));
    life.onShutdown('persist state', async () => void order.push('state'));
    const work = new Promise<string>((resolve) => life.signal.addEventListener('abort', () => resolve('stopped')));
    proc.emit('SIGINT', 'SIGINT');
    expect(life.signal.aborted).toBe(true);
    expect(await work).toBe('stopped');
    expect(await life.close(0)).toBe(0);
    expect(order).toEqual(['state', 'metrics']);
    expect(proc.exits).toEqual([]);
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });

  it('a second signal forces exit 130', () => {
    const proc = fakeProcess();
    const life = createLifecycle({ logger, process: proc });
    proc.emit('SIGTERM', 'SIGTERM');
    expect(proc.exits).toEqual([]);
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
    life.dispose();
  });

  it('a failing cleanup step makes an OK exit a runtime failure; a hung one is abandoned', async () => {
    const proc = fakeProcess();
    const life = createLifecycle({ logger, process: proc, shutdownTimeoutMs: 50 });
    life.onShutdown('broken', () => {
      throw new Error('boom');
    });
    expect(await life.close(0)).toBe(1);
    const hung = createLifecycle({ logger, process: fakeProcess(), shutdownTimeoutMs: 50 });
    hung.onShutdown('hangs', () => new Promise(() => {}));
    expect(await hung.close(0)).toBe(130);
  });
});
