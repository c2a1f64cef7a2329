import { Router, type Request } from 'express';
import { parseJsonBody, readRawBody } from './body';
import type { RevokedKeys } from './revoked-keys';

/**
 * `POST /__sandbox/keys/revoke` with `{"key": "<a credential value in force>"}`: from the next request on,
 * that key (and every token issued with it) is refused with the provider's 401 and `<PROVIDER>_KEY_REVOKED`.
 * The answer never repeats the key. `revokedKeysOf` gives the revocations of the request's namespace.
 */
export function keyRoutes(revokedKeysOf: (req: Request) => RevokedKeys, invalidReason: string): Router {
  const router = Router();
  router.post('/revoke', async (req, res) => {
    const refuse = (status: number, message: string) =>
      void res.status(status).set('X-Sandbox-Reason', invalidReason).json({ error: message });
    const read = await readRawBody(req, 16 * 1024);
    if (!read.ok && 'aborted' in read) return void res.destroy();
    if (!read.ok) return refuse(413, 'control requests to /keys are limited to 16 KiB');
    const parsed = parseJsonBody(read.raw);
    const body = parsed.ok ? parsed.value : undefined;
    const key =
      typeof body === 'object' && body !== null && Object.hasOwn(body, 'key')
        ? (body as { key: unknown }).key
        : undefined;
    if (typeof key !== 'string' || Object.keys(body as object).length !== 1) {
      return refuse(400, 'expected {"key": "<a credential value in force>"}');
    }
    if (!revokedKeysOf(req).revoke(key))
      return refuse(400, 'that value is not a key in force (see `partner-sandbox credentials`)');
    res.status(200).json({ revoked: true });
  });
  return router;
}
