import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { useKashierSandbox } from '../../helpers/kashier';

interface Banks {
  response: { banks: { banknSystemID: string; minimunInstallmentAmount: number }[] };
}
interface Plans {
  response: {
    bankPlans: { plans: { Duration: number; 'Installment amount per month': string }[] }[];
  };
}

describe('Kashier bank installment plans, from the installmentBanks setting', () => {
  const kashier = useKashierSandbox({
    installmentBanks: [
      {
        id: 'FI-13',
        abbreviation: 'ADIB',
        nameEn: 'A bank',
        nameAr: 'بنك',
        minimumAmount: 10,
        termsUrlEn: 'https://bank.example/en',
        termsUrlAr: 'https://bank.example/ar',
        bins: [{ prefix: '548457', product: 'Gold Mastercard' }],
        plans: [
          { months: 3, interestRate: 7 },
          { months: 36, interestRate: 26.87 },
        ],
      },
      {
        id: 'FI-8',
        abbreviation: 'QNB',
        nameEn: 'Another bank',
        nameAr: 'بنك آخر',
        minimumAmount: 500,
        termsUrlEn: 'https://bank.example/en',
        termsUrlAr: 'https://bank.example/ar',
        bins: [],
        plans: [{ months: 6, interestRate: 8 }],
      },
    ],
  });
  const { call } = kashier;

  it('lists the banks taking the amount, without a key', async () => {
    const banks = await jsonOf<Banks>(
      await call('GET', '/merchant/installments/banks/plans?mid=MID-0000-000&amount=100', undefined, {
        key: null,
      }),
    );
    expect(banks.response.banks.map((bank) => bank.banknSystemID)).toEqual(['FI-13']);
    const all = await jsonOf<Banks>(
      await call('GET', '/merchant/installments/banks/plans?mid=MID-0000-000&amount=10000', undefined, {
        key: null,
      }),
    );
    expect(all.response.banks).toHaveLength(2);
  });

  it('computes each plan’s monthly amount as recorded, and answers no plans for an unknown bank', async () => {
    const plans = await jsonOf<Plans>(
      await call(
        'GET',
        '/merchant/installments/plans?mid=MID-0000-000&amount=10000&currency=EGP&fiId=FI-13',
        undefined,
        {
          key: null,
        },
      ),
    );
    expect(
      plans.response.bankPlans[0]!.plans.map((plan) => [plan.Duration, plan['Installment amount per month']]),
    ).toEqual([
      [3, '3566.67'],
      [36, '352.42'],
    ]);
    const none = await jsonOf<Plans>(
      await call('GET', '/merchant/installments/plans?mid=M&amount=10000&fiId=FI-99', undefined, {
        key: null,
      }),
    );
    expect(none.response.bankPlans).toEqual([]);
    await expectRejected(
      await call('GET', '/merchant/installments/plans?mid=M&amount=ten&fiId=FI-13', undefined, { key: null }),
      400,
      'KASHIER_QUERY_INVALID',
    );
  });
});
