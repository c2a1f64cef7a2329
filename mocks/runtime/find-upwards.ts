import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The first `relativePath` that exists in `fromDir` or a folder above it. Source (mocks/) and compiled
 * (dist/mocks/) code sit at different depths, so files of the package are found this way, not by counting `..`.
 */
export function findUpwards(fromDir: string, relativePath: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dir === dirname(dir)) return undefined;
  }
}
