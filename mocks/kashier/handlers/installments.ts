import type { OperationHandler } from '../../runtime/provider';
import { bankPlansView, banksView, installmentBanksOf } from '../installments';
import type { KashierState } from '../state';

/** The banks offering installments on an amount [R]; public, any `mid` (inferred: plans are the banks'). */
export const listInstallmentBanks: OperationHandler<KashierState> = (request) => ({
  status: 200,
  body: {
    response: {
      banks: banksView(installmentBanksOf(request.settings), Number(request.query.amount)),
      allowValu: true,
      allowFawry: true,
    },
    messages: {
      en: 'Installment enabled banks retrieved successfully.',
      ar: 'Installment enabled banks retrieved successfully.',
    },
    status: 'SUCCESS',
  },
});

/** One bank's plans for an amount [R]. */
export const listInstallmentPlans: OperationHandler<KashierState> = (request) => ({
  status: 200,
  body: {
    response: {
      bankPlans: bankPlansView(
        installmentBanksOf(request.settings),
        Number(request.query.amount),
        String(request.query.fiId),
      ),
    },
    messages: {
      en: 'Installment plans retrieved successfully',
      ar: 'Installment plans retrieved successfully',
    },
    status: 'SUCCESS',
  },
});
