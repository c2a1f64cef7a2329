import { closeSync, constants as fs, fstatSync, openSync, readSync } from 'node:fs';

export type BoundedFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  /** Why not: `open` (with the system's code), `not-file` (a device, a FIFO, a directory), `too-large`. */
  | { readonly ok: false; readonly problem: 'open' | 'not-file' | 'too-large'; readonly detail: string };

/**
 * Reads a file a user names (a config file, a captured request) without trusting it: a regular file only,
 * judged from its `fstat` before a byte is read, and at most `limit` bytes, so a path such as `/dev/zero` or
 * a FIFO can neither hang the process nor fill its memory.
 */
export function readBoundedRegularFile(path: string, limit: number): BoundedFileRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = openSync(path, fs.O_RDONLY | fs.O_NONBLOCK);
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, problem: 'open', detail };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: 'not-file', detail: 'not a regular file' };
    if (stat.size > limit) return { ok: false, problem: 'too-large', detail: `${stat.size} bytes` };
    // One byte past the limit tells a file that grew since the fstat from one that did not.
    const buffer = Buffer.alloc(Math.min(limit, stat.size) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > limit) return { ok: false, problem: 'too-large', detail: 'it grew while being read' };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}
