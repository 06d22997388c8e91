import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ProtocolError } from '../errors';

export type ReadRegularFileOptions = {
  /** Names the file in messages, e.g. "--key-file /path" or "config file /path". */
  what: string;
  /** Largest accepted file. */
  maxBytes: number;
};

/**
 * The bytes of a local file that must be a regular file of at most `maxBytes`: a FIFO, a device (/dev/zero,
 * /dev/stdin), a directory or a socket is refused without reading, and so is a file (a sparse one included)
 * whose size passes the limit. The file is opened non-blocking, so a FIFO that nobody writes cannot hang the
 * open, and read only up to the limit, so a file that grows while it is read cannot pass it either.
 * Throws ProtocolError INVALID_FILE naming the file and the limit.
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions): Uint8Array {
  const { what, maxBytes } = options;
  const fail = (detail: string, cause?: unknown): never => {
    throw new ProtocolError('INVALID_FILE', `${what}: ${detail}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { path, maxBytes },
    });
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    return fail(`cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isFIFO()
        ? 'a FIFO'
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? 'a device'
          : stat.isDirectory()
            ? 'a directory'
            : stat.isSocket()
              ? 'a socket'
              : 'not a regular file';
      fail(`is ${kind}; expected a regular file of at most ${maxBytes} bytes`);
    }
    if (stat.size > maxBytes) fail(`has ${stat.size} bytes; expected a regular file of at most ${maxBytes} bytes`);
    const out = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, out, length, out.length - length, null);
      } catch (cause) {
        return fail(`cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
      }
      if (n === 0) break;
      length += n;
      if (length > maxBytes)
        fail(`grew past ${maxBytes} bytes while being read; expected a regular file of at most ${maxBytes} bytes`);
      if (length === out.length) break;
    }
    return out.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
