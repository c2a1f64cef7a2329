import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBoundedRegularFile } from './bounded-file';

describe('readBoundedRegularFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-file-'));

  it('reads a regular file within the limit', () => {
    const path = join(dir, 'small.json');
    writeFileSync(path, '{"a":1}');
    const read = readBoundedRegularFile(path, 1024);
    expect(read.ok && read.bytes.toString()).toBe('{"a":1}');
  });

  it('refuses a file over the limit, a device, a directory and a missing path without reading them', () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'x'.repeat(100));
    expect(readBoundedRegularFile(path, 99)).toMatchObject({ ok: false, problem: 'too-large' });
    expect(readBoundedRegularFile('/dev/zero', 1024)).toMatchObject({ ok: false, problem: 'not-file' });
    expect(readBoundedRegularFile(dir, 1024)).toMatchObject({ ok: false, problem: 'not-file' });
    expect(readBoundedRegularFile(join(dir, 'nope'), 1024)).toMatchObject({
      ok: false,
      problem: 'open',
      detail: 'ENOENT',
    });
  });
});
