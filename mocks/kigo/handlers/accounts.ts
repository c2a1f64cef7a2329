import type { components } from '../../../src/kigo/types';
import type { HandlerResponse } from '../../runtime/provider';
import { findAccount, findAccountInAnyProgram } from '../accounts';
import type { Account, Stage } from '../state';
import { accountOf, callerOf, refuse, storeAccounts, type KigoRequest } from './common';

type Schemas = components['schemas'];

const accountView = (account: Account): Schemas['Account'] => ({
  account_id: account.id,
  external_user_id: account.externalUserId,
  external_program_id: account.programId,
  email: account.email,
  stage: account.stage,
  created_at: account.createdAt,
});

const profileView = (account: Account): Schemas['Profile'] => ({
  account_id: account.id,
  external_user_id: account.externalUserId,
  email: account.email,
  first_name: account.firstName,
  last_name: account.lastName,
});

/** `GET /api/v1/accounts/lookup`: the caller's partner's account of a user; another partner's is not found. */
export function lookupAccountByExternalIds(request: KigoRequest): HandlerResponse {
  const partnerId = callerOf(request).partner;
  const userId = request.query.external_user_id as string;
  const programId = request.query.external_program_id as string | undefined;
  const account =
    programId === undefined
      ? findAccountInAnyProgram(request.state, partnerId, userId)
      : findAccount(request.state, partnerId, programId, userId);
  if (!account) throw refuse('KIGO_ACCOUNT_NOT_FOUND', 'Account not found.');
  return { status: 200, body: accountView(account) };
}

export function getProfile(request: KigoRequest): HandlerResponse {
  return { status: 200, body: profileView(accountOf(request)) };
}

export function updateProfile(request: KigoRequest): HandlerResponse {
  const changes = request.body as Schemas['ProfileUpdate'];
  const current = accountOf(request);
  const account: Account = {
    ...current,
    email: changes.email ?? current.email,
    firstName: changes.first_name ?? current.firstName,
    lastName: changes.last_name ?? current.lastName,
  };
  storeAccounts(request, [account]);
  return { status: 200, body: profileView(account) };
}

export function getAccountStage(request: KigoRequest): HandlerResponse {
  return { status: 200, body: { stage: accountOf(request).stage } };
}

export function updateAccountStage(request: KigoRequest): HandlerResponse {
  const { stage } = request.body as { stage: Stage };
  storeAccounts(request, [{ ...accountOf(request), stage }]);
  return { status: 200, body: { stage } };
}
