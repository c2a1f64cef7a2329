import { Router, type Request } from 'express';
import { parseJsonBody, readRawBody } from './body';
import { StateUnavailable } from './state/store';

/**
 * `POST /__sandbox/keys/revoke` with `{"key": "<a credential value in force>"}`: from the next request on,
 * that key (and every token issued with it) is refused with the provider's 401 and `<PROVIDER>_KEY_REVOKED`.
 * The answer never repeats the key. `revoke` revokes it in the request's namespace (false: not a key in force).
 */
export function keyRoutes(
  revoke: (req: Request, key: string) => boolean | Promise<boolean>,
  invalidReason: string,
  unavailableReason: string,
): Router {
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
    let revoked: boolean;
    try {
      revoked = await revoke(req, key);
    } catch (error) {
      if (!(error instanceof StateUnavailable)) throw error;
      return void res
        .status(503)
        .set('X-Sandbox-Reason', unavailableReason)
        .json({ error: 'the sandbox state store is unavailable; retry' });
    }
    if (!revoked) return refuse(400, 'that value is not a key in force (see `partner-sandbox credentials`)');
    res.status(200).json({ revoked: true });
  });
  return router;
}
