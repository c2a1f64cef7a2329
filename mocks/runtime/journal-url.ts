import type { IncomingMessage } from 'node:http';
import { namespacePathPrefix } from './namespace-selection';

/** A Host header value that can go back into a URL as it is: a name or address, and a port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The absolute URL of a journal entry, as `X-Sandbox-Journal` names it: on the host the client reached (its
 * Host header, so `localhost:4010` stays `localhost:4010`), else the address the connection came in on; in the
 * journal of the request's namespace (its path prefix, which needs no header to follow).
 */
export function journalEntryUrl(req: IncomingMessage, id: number, namespace?: string): string {
  const host = req.headers.host;
  const root = `http://${host !== undefined && PLAIN_HOST.test(host) ? host : socketHost(req)}`;
  const prefix = namespace === undefined ? '' : namespacePathPrefix(namespace);
  return `${root}${prefix}/__sandbox/requests/${id}`;
}

function socketHost(req: IncomingMessage): string {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  // An IPv4 connection on a dual-stack socket shows as ::ffff:a.b.c.d.
  const address = localAddress.replace(/^::ffff:(?=\d+\.)/, '');
  return `${address.includes(':') ? `[${address}]` : address}:${localPort}`;
}
