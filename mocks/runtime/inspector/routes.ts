import { Router, type Request, type Response } from 'express';
import { ControlRefusal } from '../control-inputs';
import { INSPECTOR_CSS, INSPECTOR_HTML } from './page';
import type { InspectedSandbox, SandboxPeers } from './peers';
import { INSPECTOR_SCRIPT } from './script';

/** Journal entries one poll returns at most (the page keeps 500). */
export const FEED_LIMIT = 200;

/**
 * Only the page's own files, from its own server: no inline script or style, nothing from elsewhere, no
 * framing, no form posting away.
 */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The inspector's files: the page itself, its script and style; no data (the token guard lets these pass). */
export const INSPECTOR_FILES: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  '/': { type: 'text/html; charset=utf-8', body: INSPECTOR_HTML },
  '/inspector.js': { type: 'text/javascript; charset=utf-8', body: INSPECTOR_SCRIPT },
  '/inspector.css': { type: 'text/css; charset=utf-8', body: INSPECTOR_CSS },
};

/**
 * The journal inspector on the control surface (`GET /__sandbox/`, see docs/local-development.md): the page,
 * then what it polls: `inspector/providers` (this provider and those running beside it in the process) and
 * `inspector/feed?provider=NAME&since=ID` (that provider's journal entries after ID, redacted as the journal
 * is, its oldest id kept and its webhook deliveries). It reads; it changes nothing. Each provider's feed is that of
 * the request's namespace (`namespaceOf`): a provider that holds no such namespace shows nothing.
 */
export function inspectorRoutes(
  self: InspectedSandbox,
  peers: () => SandboxPeers | undefined,
  namespaceOf: (req: Request) => string | undefined,
): Router {
  const router = Router();
  for (const [path, file] of Object.entries(INSPECTOR_FILES)) {
    router.get(path, (req, res) => {
      // `/__sandbox` without its slash: the page's relative links need the directory form.
      const [pathname, query] = req.originalUrl.split('?', 2) as [string, string?];
      if (path === '/' && !pathname.endsWith('/')) {
        return res.redirect(308, `${pathname}/${query === undefined ? '' : `?${query}`}`);
      }
      sendFile(res, file.type, file.body);
    });
  }
  const running = (): readonly InspectedSandbox[] => peers()?.list() ?? [self];

  router.get('/inspector/providers', (_req, res) => {
    res.json({ self: self.name, providers: running().map(({ name, url }) => ({ name, url })) });
  });

  router.get('/inspector/feed', (req, res) => {
    const { provider, since } = req.query;
    const target = running().find((peer) => peer.name === provider);
    if (!target) throw new ControlRefusal('CONTROL_INVALID', 'provider must name a running provider');
    if (typeof since !== 'string' || !/^\d{1,16}$/.test(since)) {
      throw new ControlRefusal('CONTROL_INVALID', 'since must be a journal id (0 for all)');
    }
    const namespace = target.inspect(namespaceOf(req));
    res.json({
      provider: target.name,
      oldestId: namespace?.journal.oldestId ?? 0,
      requests: namespace?.journal.since(Number(since), FEED_LIMIT) ?? [],
      deliveries: namespace?.webhooks.list() ?? [],
    });
  });
  return router;
}

function sendFile(res: Response, type: string, body: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  res.end(body);
}
