/**
 * Where the sandbox keeps its state: `--state` / `PARTNER_SANDBOX_STATE`. `memory` (the default) or a Redis
 * URL, `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` (`rediss://` for TLS). A password is never shown: every
 * message names the URL as `redactStateUrl` gives it.
 */
export type StateLocation =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'redis';
      readonly host: string;
      readonly port: number;
      readonly db: number;
      readonly username: string | undefined;
      readonly password: string | undefined;
      readonly tls: boolean;
      /** The URL with its password redacted: what messages show. */
      readonly shown: string;
    };

export const STATE_VARIABLE = 'PARTNER_SANDBOX_STATE';
/** Redis numbers its databases from 0; a server has 16 unless configured otherwise. */
export const MAX_REDIS_DB = 255;

export class StateUrlError extends Error {
  override readonly name = 'StateUrlError';
}

/** The URL with any password replaced by `***`; unparsable text loses everything between `//` and the last `@`. */
export function redactStateUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return text.replace(/\/\/[^/]*@/s, '//***@');
  }
}

export function parseStateUrl(text: string): StateLocation {
  if (text === 'memory') return { kind: 'memory' };
  const shown = redactStateUrl(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StateUrlError(`--state must be "memory" or redis://HOST:PORT/DB, got "${shown}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new StateUrlError(`--state must be "memory" or a redis:// or rediss:// URL, got "${shown}"`);
  if (url.hostname === '') throw new StateUrlError(`--state names no host: "${shown}"`);
  if (url.search !== '' || url.hash !== '')
    throw new StateUrlError(`--state takes no query or fragment: "${shown}"`);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,3}$/.test(dbText))
    throw new StateUrlError(`--state: the database is a number from 0 to ${MAX_REDIS_DB}: "${shown}"`);
  const db = dbText === '' ? 0 : Number(dbText);
  if (db > MAX_REDIS_DB)
    throw new StateUrlError(`--state: the database is a number from 0 to ${MAX_REDIS_DB}: "${shown}"`);
  return {
    kind: 'redis',
    // An IPv6 host comes bracketed; a socket wants it bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    db,
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    tls: url.protocol === 'rediss:',
    shown,
  };
}

/** The most worker processes `--workers` starts. */
export const MAX_WORKERS = 32;

/**
 * `--workers N`: 1 to MAX_WORKERS processes, only with a Redis store (in-memory state lives in one process,
 * so N of them would each answer from their own).
 */
export function parseWorkers(text: string, state: StateLocation): number {
  if (state.kind !== 'redis')
    throw new StateUrlError(
      '--workers needs --state redis://HOST:PORT/DB (or PARTNER_SANDBOX_STATE): in-memory state cannot be shared between processes',
    );
  const workers = Number(text);
  if (!/^\d{1,2}$/.test(text) || workers < 1 || workers > MAX_WORKERS)
    throw new StateUrlError(`--workers must be an integer from 1 to ${MAX_WORKERS}, got "${text}"`);
  return workers;
}
