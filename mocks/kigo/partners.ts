import { sameSecret } from '../../src/shared/constant-time';
import type { Credentials, Settings } from '../runtime/provider';

/** A partner of the sandbox: the default credentials' and each `otherPartners` entry. */
export interface Partner {
  readonly apiKey: string;
  readonly partnerId: string;
}

export function partnersOf(credentials: Credentials, settings: Settings): Partner[] {
  const others = (settings.otherPartners ?? []) as unknown as readonly Partner[];
  return [{ apiKey: credentials.apiKey as string, partnerId: credentials.partnerId as string }, ...others];
}

/** The partner an API key belongs to; every key is compared, in constant time, whatever matches. */
export function partnerByKey(partners: readonly Partner[], apiKey: string): Partner | undefined {
  let found: Partner | undefined;
  for (const partner of partners) if (sameSecret(apiKey, partner.apiKey) && !found) found = partner;
  return found;
}
