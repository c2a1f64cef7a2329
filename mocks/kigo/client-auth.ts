import type { ClientAuth } from '../runtime/provider';

/**
 * Kigo signs nothing: a request carries a session token Kigo's own API issued. In a contract those tokens come
 * from provider states (the replay sends what the state endpoint answered), and the session requests carry the
 * API key and partner id in their bodies, so there is no header to add.
 */
export const kigoClientAuth: ClientAuth = async () => ({});
