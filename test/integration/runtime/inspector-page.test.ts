/**
 * The journal inspector page (`GET /__sandbox/`) in a real browser (Debian's Chromium through playwright-core,
 * one browser for the file): a refused request appears live with its reason code and the string the sandbox
 * signed, filters narrow the list, the combined view shows every running provider, the page is accessible as
 * axe-core judges it, and with a control token it asks for the token. A screenshot goes to artifacts/ (CI keeps
 * it); `UPDATE_SCREENSHOT=1` also refreshes the one the README shows (docs/images/inspector.png). Where Chromium
 * is missing the test is reported as skipped, unless PARTNER_SANDBOX_REQUIRE_BROWSER is set (CI).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningSandbox } from '../../../mocks/runtime/server';
import { createProviderApp } from '../../../mocks/runtime/app';
import { startProviders } from '../../../mocks/sandbox';
import { toyProvider } from '../../fixtures/toy-provider';
import { serve } from '../../helpers/http-server';
import { startWebhookReceiver } from '../../helpers/sandbox';
import { quoteItem, xcoverFetch } from '../../helpers/xcover';
import { browserRunnable, CHROMIUM, INSTALL_CHROMIUM, launchChromium } from '../../helpers/browser';
import { skippedTest } from '../../helpers/skip-at-run-time';

const runnable = browserRunnable;
const ROOT = join(__dirname, '..', '..', '..');
const TOKEN = 'inspector-test-token';

jest.setTimeout(60_000);

describe('the journal inspector page in a browser', () => {
  let browser: Browser | undefined;
  let running: RunningSandbox;
  let guarded: RunningSandbox;

  beforeAll(async () => {
    running = await startProviders({ only: ['kasko', 'xcover'], port: 0 });
    guarded = await startProviders({ only: ['xcover'], port: 0, controlToken: TOKEN });
    if (!runnable) return;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await guarded?.close();
  });

  const provider = (sandbox: RunningSandbox, name: string) => {
    const found = sandbox.providers.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${name} is not running`);
    return found;
  };
  /** A page of its own context; CSP bypassed only so that the test can inject axe-core's script. */
  const open = async (url: string): Promise<Page> => {
    const context = await (browser as Browser).newContext({
      bypassCSP: true,
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };
  const rows = (page: Page) => page.locator('#requests tbody tr');

  if (!runnable) {
    skippedTest(
      'shows the journal live in Chromium',
      `Chromium is not installed (${CHROMIUM}); install it with: ${INSTALL_CHROMIUM}`,
    );
    return;
  }

  it('shows a bad signature live with its reason and the string signed; filters narrow the list; axe finds nothing serious', async () => {
    const xcover = provider(running, 'xcover');
    const page = await open(`${xcover.url}/__sandbox/`);
    expect(await page.textContent('h1')).toContain('(xcover)');
    await page.waitForSelector('#updated:has-text("Live")');

    const wrongSecret = await xcoverFetch(
      xcover.url,
      'POST',
      '/x/partners/LLODT/quotes/',
      { request: [] },
      {
        apiSecret: 'not-the-secret',
      },
    );
    expect(wrongSecret.status).toBe(401);
    // Within a second, without a reload.
    const refused = page.locator('#requests tbody tr', { hasText: 'XCOVER_SIGNATURE_MISMATCH' });
    await refused.waitFor({ timeout: 1000 });

    // Keyboard: the row's button opens the detail and moves the focus there.
    await refused.locator('button').focus();
    await page.keyboard.press('Enter');
    const focusedId = () =>
      (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement
        ?.id;
    expect(await page.evaluate(focusedId)).toBe('detail-title');
    const signature = page.locator('#detail .signature');
    expect(await signature.textContent()).toContain('What the sandbox signed (stringToSign)');
    expect(await signature.locator('pre').first().textContent()).toMatch(/^date: \w{3}, \d{2} \w{3} \d{4}/);
    expect(await signature.textContent()).toContain('Its digest (stringToSignSha256)');
    expect(await page.textContent('#detail')).toContain('[redacted]');
    expect(await page.textContent('#detail')).not.toContain(String(xcover.sandbox.credentials.apiSecret));

    // Another request, then the filters.
    await fetch(`${xcover.url}/x/nowhere`);
    await page.locator('#requests tbody tr', { hasText: '/x/nowhere' }).waitFor();
    expect(await rows(page).count()).toBe(2);
    await page.fill('#f-status', '401');
    expect(await rows(page).count()).toBe(1);
    await page.fill('#f-status', '4xx');
    expect(await rows(page).count()).toBe(2);
    await page.fill('#f-reason', 'route_not_found');
    expect(await rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('/x/nowhere');
    await page.fill('#f-reason', '');
    await page.fill('#f-status', '');
    await page.fill('#f-text', 'LLODT');
    expect(await rows(page).count()).toBe(1);
    await page.fill('#f-text', '');

    // The combined view: a KASKO request shows beside XCover's.
    const kasko = provider(running, 'kasko');
    await fetch(`${kasko.url}/quotes`, { method: 'POST' });
    await page.selectOption('#f-scope', 'all');
    await page.locator('#requests tbody tr', { hasText: 'kasko' }).first().waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('all');

    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
      ).axe;
      return (await axe.run()).violations.map(({ id, impact }) => ({ id, impact }));
    });
    expect(violations.filter(({ impact }) => impact === 'serious' || impact === 'critical')).toEqual([]);

    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'artifacts', 'inspector.png'), fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'images', 'inspector.png') });
    }
    await page.context().close();
  });

  it('shows a fault with the rule that fired', async () => {
    const xcover = provider(running, 'xcover');
    await fetch(`${xcover.url}/__sandbox/reset`, { method: 'POST' });
    const rule = await fetch(`${xcover.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/partners/*/quotes/', status: 503, times: 1 }),
    });
    const { id } = (await rule.json()) as { id: number };
    const page = await open(`${xcover.url}/__sandbox`);
    await page.waitForSelector('#updated:has-text("Live")');
    const faulted = await xcoverFetch(xcover.url, 'POST', '/x/partners/LLODT/quotes/', {
      request: [quoteItem()],
      currency: 'GBP',
      customer_country: 'GB',
    });
    expect(faulted.status).toBe(503);
    await page.locator('#requests tbody tr', { hasText: 'XCOVER_FAULT_INJECTED' }).locator('button').click();
    expect(await page.textContent('#detail .fault')).toContain(`Fault rule #${id} fired`);
    await page.context().close();
  });

  it('lists webhook deliveries beside the requests, with their attempts', async () => {
    const toy = createProviderApp(toyProvider, { credentials: toyProvider.defaultCredentials, settings: {} });
    const server = await serve(toy.app);
    const receiver = await startWebhookReceiver();
    try {
      const page = await open(`${server.url}/__sandbox/`);
      await page.waitForSelector('#updated:has-text("Live")');
      const created = await fetch(`${server.url}/toy/gadgets/`, {
        method: 'POST',
        headers: { 'x-toy-key': 'toy_test_key', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'lamp', notify: `${receiver.url}/hooks` }),
      });
      expect(created.status).toBe(201);
      await receiver.waitFor(1);
      const row = page.locator('#webhooks tbody tr', { hasText: 'gadget.created' });
      await row.locator('summary', { hasText: '1 (last: 200)' }).waitFor();
      expect(await row.textContent()).toContain('delivered');
      await page.context().close();
    } finally {
      toy.webhooks.close();
      await receiver.close();
      await server.close();
    }
  });

  it('asks for the control token when one is set, then shows the journal', async () => {
    const xcover = provider(guarded, 'xcover');
    const page = await open(`${xcover.url}/__sandbox/`);
    await page.waitForSelector('#token-box:not([hidden])');
    expect(await page.textContent('#status')).toContain('control token');
    await page.fill('#token', TOKEN);
    await page.click('#token-form button');
    await page.waitForSelector('#updated:has-text("Live")');
    await fetch(`${xcover.url}/x/nowhere`);
    await page.locator('#requests tbody tr', { hasText: '/x/nowhere' }).waitFor();
    await page.context().close();
  });
});
