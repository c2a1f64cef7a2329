import { toMinorUnits } from '../../runtime/money';
import { refusals } from '../../runtime/reasons';
import type { HandlerRequest } from '../../runtime/provider';
import { modeOfPath, type Mode } from '../modes';
import { KASHIER_HANDLER_REASONS } from '../reasons';
import type { KashierState, ModeState } from '../state';
import type { MerchantView } from '../views';

export const refuse = refusals(KASHIER_HANDLER_REASONS);

export type KashierRequest = HandlerRequest<KashierState>;

/** The mode of the host the request came to (its key was checked to be of the same mode). */
export function modeOf(request: Pick<KashierRequest, 'basePath'>): Mode {
  return modeOfPath(request.basePath);
}

export function modeStateOf(request: KashierRequest): ModeState {
  return request.state[modeOf(request)];
}

export function merchantIdOf(request: Pick<KashierRequest, 'credentials'>): string {
  return request.credentials.merchantId as string;
}

/** Refuses an amount that is not a whole number of the currency's minor units, naming the field as Joi does. */
export function refuseSubMinorAmount(field: string, amount: number | string, currency: string): void {
  const read = toMinorUnits(amount, currency);
  if (!read.ok) throw refuse('KASHIER_AMOUNT_PRECISION', `"${field}" ${read.problem}`);
}

/** The merchant of the request's key, in the request's mode, as answers show it. */
export function merchantViewOf(request: KashierRequest): MerchantView {
  return {
    merchantId: merchantIdOf(request),
    mode: modeOf(request),
    storeName: String(request.settings.storeName),
    origin: request.origin,
  };
}
