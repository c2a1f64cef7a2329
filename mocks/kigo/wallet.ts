import type { components } from '../../src/kigo/types';
import { locateSpec, loadSpec } from '../runtime/spec';
import { newUuid } from './ids';
import type { Account, WalletToken } from './state';

export const KIGO_SPEC_PATH = locateSpec(__dirname, 'kigo.yaml');

type TokenView = components['schemas']['Token'];
type GalleryView = components['schemas']['GalleryToken'];
type Action = TokenView['supported_actions'][number];

let samples: readonly TokenView[] | undefined;

/**
 * The sample tokens every new wallet starts with (Inferred: Kigo's wallets fill from partner programs): the
 * `getToken` examples of the spec, which stays the one source of their content.
 */
function sampleTokens(): readonly TokenView[] {
  if (!samples) {
    const examples = loadSpec(KIGO_SPEC_PATH).document.components?.examples ?? {};
    samples = Object.values(examples).map((example) => (example as { value: TokenView }).value);
  }
  return samples;
}

/** A new account's wallet: the samples, with ids of their own. */
export function sampleWallet(now: Date): WalletToken[] {
  return sampleTokens().map((sample) => ({
    id: newUuid(),
    name: sample.name,
    description: sample.description,
    creators: [...sample.creators],
    media: { image_url: sample.media.image_url },
    tags: [...sample.tags],
    flags: { ...sample.flags },
    status: 'active',
    revealed: false,
    hidden: false,
    redemption: { redeemedAt: null, code: null },
    share: null,
    childTokens: sample.child_tokens.map((child) => ({ id: newUuid(), name: child.name, code: null })),
    acquiredAtMs: now.getTime(),
  }));
}

/** What the token's flags and status allow now. */
export function supportedActions(token: WalletToken): Action[] {
  const actions: Action[] = [];
  if (token.flags.is_revealable && !token.revealed) actions.push('reveal');
  if (token.flags.is_redeemable && token.status === 'active') actions.push('redeem');
  if (token.flags.is_shareable && token.status === 'active') actions.push('share');
  if (token.status === 'pending_share') actions.push('cancel_share');
  if (token.flags.is_hideable && !token.hidden) actions.push('hide');
  return actions;
}

export function galleryView(token: WalletToken): GalleryView {
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    creators: [...token.creators],
    media: { ...token.media },
    tags: [...token.tags],
    status: token.status,
    flags: { ...token.flags },
  };
}

export function tokenView(token: WalletToken): TokenView {
  return {
    ...galleryView(token),
    supported_actions: supportedActions(token),
    revealed: token.revealed,
    hidden: token.hidden,
    redemption: {
      status: token.status === 'redeemed' ? 'redeemed' : 'unredeemed',
      redeemed_at: token.redemption.redeemedAt,
      code: token.redemption.code,
    },
    share: token.share && { claim_code: token.share.claimCode, shared_at: token.share.sharedAt },
    child_tokens: token.childTokens.map((child) => ({ ...child })),
  };
}

/** The account with one of its tokens replaced. */
export function withToken(account: Account, token: WalletToken): Account {
  return { ...account, tokens: account.tokens.map((held) => (held.id === token.id ? token : held)) };
}
