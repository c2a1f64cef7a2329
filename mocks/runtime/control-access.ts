import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { INSPECTOR_FILES } from './inspector/routes';

/**
 * Guards the `/__sandbox/` control surface with a bearer token when the operator set one (`--control-token`):
 * every control request but `GET /__sandbox/health` (what readiness probes poll) must carry
 * `Authorization: Bearer <token>`. Mount it on `/__sandbox`, in front of the control router. The comparison is
 * constant-time over digests (so neither content nor length leaks), and the token never appears in an answer.
 */
export function requireControlToken(token: string, reasonCode: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    // Readiness probes, and the inspector page's own files (they hold no data; the page asks for the token).
    if (req.method === 'GET' && (req.path === '/health' || Object.hasOwn(INSPECTOR_FILES, req.path)))
      return next();
    const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1] as string), expected)) return next();
    const body = JSON.stringify({
      error: match
        ? 'wrong control token'
        : 'the control surface needs "Authorization: Bearer <token>" (the sandbox was started with --control-token)',
    });
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('WWW-Authenticate', 'Bearer realm="partner-sandbox control"');
    res.setHeader('X-Sandbox-Reason', reasonCode);
    res.statusCode = 401;
    res.end(body);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Refuses a control path whose percent-encoding is malformed (`/faults/%zz/release`): the router would fail
 * to decode its parameters and answer 500. Mount it on `/__sandbox`, in front of the control routes.
 */
export function refuseMalformedControlPath(reasonCode: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      decodeURIComponent(req.path);
    } catch {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('X-Sandbox-Reason', reasonCode);
      res.statusCode = 400;
      res.end(JSON.stringify({ error: 'the control path has a malformed percent-encoding' }));
      return;
    }
    next();
  };
}
