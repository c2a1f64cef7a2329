/**
 * Debian's Chromium through playwright-core, as the browser tests drive it. Where Chromium is missing a browser
 * test is reported as skipped with the install command (see skip-at-run-time.ts), unless
 * PARTNER_SANDBOX_REQUIRE_BROWSER=1 (CI), where launching fails instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL_CHROMIUM = 'apt-get update && apt-get install -y chromium';

/** Whether the browser tests run here: Chromium is installed, or required (and its absence then fails). */
export const browserRunnable = existsSync(CHROMIUM) || process.env.PARTNER_SANDBOX_REQUIRE_BROWSER === '1';

/** Launches headless Chromium (one per test file: it takes a second or two). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required here but missing: ${INSTALL_CHROMIUM}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}
