import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder where every test worker leaves the reason codes its sandboxes answered (see answered-reasons.ts). */
export default function globalSetup(): void {
  process.env.PARTNER_SANDBOX_REASONS_DIR = mkdtempSync(join(tmpdir(), 'partner-sandbox-reasons-'));
}
