import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = join(dirname(fileURLToPath(import.meta.url)), 'hostileReadsChild.ts');
const HEAP_CAP_MIB = 384;

describe('an embedded node and its gateway under hostile reads (own process, heap capped)', () => {
  it('answers every read that passes its deadline, is too large or lies about its sizes with a typed error, and stays up', async () => {
    const p = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MIB}`, '--import', 'tsx', child], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
    expect(code, stderr.slice(-3000)).toBe(0);
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    // 20 concurrent 64 MiB reads with a 300 ms deadline: each either finished or timed out, none crashed us.
    expect((out.concurrentBigReads as string[]).every((c) => c === 'TIMEOUT' || c === 'ok')).toBe(true);
    expect(out.concurrentBigReadsMs as number).toBeLessThan(10_000);
    expect(out).toMatchObject({
      diamondGet: 'TOO_LARGE',
      diamondPin: 'TOO_LARGE',
      diamondHas: true,
      lyingGet: 'INVALID_CID',
      danglingGet: 'TIMEOUT',
      danglingPin: 'TIMEOUT',
      // A caller's own abort comes back as the caller's reason (docs/storage.md), not as a StorageError.
      danglingCallerAbort: 'untyped Error: caller gave up',
      gatewayStatuses: [413, expect.any(Number), 504],
      lastAnswer: [200, 'still here'],
    });
    expect([200, 504]).toContain((out.gatewayStatuses as number[])[1]);
    // The 7.9 GB diamond is refused from its root block: milliseconds, not a fetch.
    expect(out.diamondMs as number).toBeLessThan(2_000);
    expect(out.maxRssMiB as number).toBeLessThan(1024);
  }, 120_000);
});
