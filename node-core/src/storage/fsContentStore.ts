import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError } from '../errors';
import type { ContentStore } from './contentStore';
import { rawCid } from './rawCid';

/**
 * A ContentStore in a directory (one file per CID, written atomically, verified on read). A stand-in
 * for IPFS on a single machine; everything in it is pinned.
 */
export class FsContentStore implements ContentStore {
  constructor(readonly dir: string) {}

  async add(bytes: Uint8Array): Promise<string> {
    const cid = rawCid(bytes);
    try {
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.${cid}.tmp-${process.pid}`);
      await writeFile(tmp, bytes);
      await rename(tmp, join(this.dir, cid));
    } catch (cause) {
      throw new NodeError('STORAGE', `cannot write ${cid} to ${this.dir} (${(cause as NodeJS.ErrnoException).code})`, { cause });
    }
    return cid;
  }

  async get(cid: string): Promise<Uint8Array> {
    if (!/^b[a-z2-7]+$/.test(cid)) throw new NodeError('STORAGE', `expected a base32 CIDv1, got '${cid}'`);
    let buf: Buffer;
    try {
      buf = await readFile(join(this.dir, cid));
    } catch (cause) {
      throw new NodeError('STORAGE', `content ${cid} not found in ${this.dir}`, { cause, details: { cid } });
    }
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (rawCid(bytes) !== cid) throw new NodeError('STORAGE', `content ${cid} in ${this.dir} does not match its CID`, { details: { cid } });
    return bytes;
  }

  async pin(cid: string): Promise<void> {
    await this.get(cid);
  }
}
