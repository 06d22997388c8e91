import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates temp directories and removes them all on `cleanup()`. */
export function tempDirs() {
  const made: string[] = [];
  return {
    async make(prefix: string): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), `veritrain-storage-${prefix}-`));
      made.push(dir);
      return dir;
    },
    async cleanup(): Promise<void> {
      await Promise.all(
        made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })),
      );
    },
  };
}
