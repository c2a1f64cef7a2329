import { sameSecret } from '../../src/shared/constant-time';
import type { Credentials, PrincipalClaims, Settings } from '../runtime/provider';
import type { Mode } from './modes';
import { membersOf, permissionsOf } from './roles';

/** A caller with the mode its key belongs to. */
export type KashierCaller = PrincipalClaims & { readonly mode: Mode };

/**
 * Who a secret key belongs to: the account owner of either mode (every permission), or a team member of the
 * config (test mode, the role's permissions). Every key in force is compared, in constant time.
 */
export function secretKeyCaller(
  key: string,
  credentials: Credentials,
  settings: Settings,
): KashierCaller | undefined {
  const account = credentials.merchantId as string;
  const owners: KashierCaller[] = [
    { subject: 'secret key (owner, test)', keys: [key], account, mode: 'test', role: 'owner' },
    { subject: 'secret key (owner, live)', keys: [key], account, mode: 'live', role: 'owner' },
  ];
  const candidates: [string, KashierCaller][] = [
    [credentials.secretKey as string, owners[0] as KashierCaller],
    [credentials.liveSecretKey as string, owners[1] as KashierCaller],
    ...membersOf(settings).map((member): [string, KashierCaller] => [
      member.secretKey,
      {
        subject: `secret key of ${member.email}`,
        keys: [key],
        account,
        mode: 'test',
        role: member.role,
        permissions: permissionsOf(member.role, settings),
      },
    ]),
  ];
  let found: KashierCaller | undefined;
  for (const [expected, caller] of candidates) if (sameSecret(key, expected) && !found) found = caller;
  return found;
}

/** The mode a payment API key belongs to, or undefined for no key of the sandbox. */
export function paymentApiKeyMode(key: string, credentials: Credentials): Mode | undefined {
  const test = sameSecret(key, credentials.paymentApiKey as string);
  const live = sameSecret(key, credentials.livePaymentApiKey as string);
  return test ? 'test' : live ? 'live' : undefined;
}

/** The payment API key of a mode: the HMAC key of order hashes, redirect and webhook signatures. */
export function paymentApiKeyOf(mode: Mode, credentials: Credentials): string {
  return (mode === 'test' ? credentials.paymentApiKey : credentials.livePaymentApiKey) as string;
}

export function ownerSecretKeyOf(mode: Mode, credentials: Credentials): string {
  return (mode === 'test' ? credentials.secretKey : credentials.liveSecretKey) as string;
}

/**
 * Why a value is not shaped as a secret key, or undefined when it is (`<hex>$<hex>`, as Kashier's sample).
 * Says what the usual mistakes look like.
 */
export function secretKeyShapeProblem(value: string): string | undefined {
  if (/\s/.test(value)) return 'a secret key has no spaces: send it raw, without a scheme such as "Bearer"';
  if (!value.includes('$'))
    return 'a secret key has a "$" in the middle: a shell or .env file may have expanded "$…" as a variable';
  if (!/^[0-9A-Za-z]{8,128}\$[0-9A-Za-z]{8,256}$/.test(value)) return 'not shaped as <hex>$<hex>';
  return undefined;
}
