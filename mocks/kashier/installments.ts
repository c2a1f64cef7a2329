/**
 * Bank installment plans, answered from the `installmentBanks` setting in the fields and shapes Kashier's
 * recorded answers use [R Kashier's Postman collection, "Bank installments"]: the banks list with `snake`
 * keys, the plans of one bank with Kashier's spaced labels (`"Bank Interest Rate"`). The monthly amount is
 * the amount plus the bank's interest, over the months, to two decimals, as every recorded plan computes it
 * [R: 10000 at 7.00% over 3 months is 3566.67].
 */
import type { Settings } from '../runtime/provider';

/** A type, not an interface: settings values need its implicit index signature. */
export type InstallmentBank = {
  readonly id: string;
  readonly abbreviation: string;
  readonly nameEn: string;
  readonly nameAr: string;
  readonly minimumAmount: number;
  readonly termsUrlEn: string;
  readonly termsUrlAr: string;
  readonly bins: readonly { readonly prefix: string; readonly product: string }[];
  readonly plans: readonly { readonly months: number; readonly interestRate: number }[];
};

/** The default banks (inferred: a stand-in bank for each test card that can pay in installments). */
export const DEFAULT_INSTALLMENT_BANKS: readonly InstallmentBank[] = [
  {
    id: 'FI-1',
    abbreviation: 'SBX',
    nameEn: 'Sandbox Bank',
    nameAr: 'بنك التجربة',
    minimumAmount: 500,
    termsUrlEn: 'https://bank.example/en/installments',
    termsUrlAr: 'https://bank.example/ar/installments',
    bins: [{ prefix: '512345', product: 'Test Card' }],
    plans: [
      { months: 3, interestRate: 7 },
      { months: 6, interestRate: 8.14 },
      { months: 12, interestRate: 12.15 },
    ],
  },
  {
    id: 'FI-2',
    abbreviation: 'SBY',
    nameEn: 'Second Sandbox Bank',
    nameAr: 'بنك التجربة الثاني',
    minimumAmount: 1000,
    termsUrlEn: 'https://bank.example/en/second',
    termsUrlAr: 'https://bank.example/ar/second',
    bins: [{ prefix: '450875', product: 'Visa Test Card' }],
    plans: [
      { months: 6, interestRate: 8.5 },
      { months: 12, interestRate: 12 },
      { months: 24, interestRate: 20.4 },
    ],
  },
];

export const INSTALLMENT_BANKS_SCHEMA = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: [
      'id',
      'abbreviation',
      'nameEn',
      'nameAr',
      'minimumAmount',
      'termsUrlEn',
      'termsUrlAr',
      'bins',
      'plans',
    ],
    properties: {
      id: { type: 'string', pattern: '^FI-[0-9]{1,6}$' },
      abbreviation: { type: 'string', minLength: 1, maxLength: 16 },
      nameEn: { type: 'string', minLength: 1, maxLength: 200 },
      nameAr: { type: 'string', minLength: 1, maxLength: 200 },
      minimumAmount: { type: 'number', minimum: 0, maximum: 100000000 },
      termsUrlEn: { type: 'string', maxLength: 2048 },
      termsUrlAr: { type: 'string', maxLength: 2048 },
      bins: {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['prefix', 'product'],
          properties: {
            prefix: { type: 'string', pattern: '^[0-9]{6,8}$' },
            product: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
      },
      plans: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['months', 'interestRate'],
          properties: {
            months: { type: 'integer', minimum: 1, maximum: 120 },
            interestRate: { type: 'number', minimum: 0, maximum: 1000 },
          },
        },
      },
    },
  },
} as const;

export const installmentBanksOf = (settings: Settings): readonly InstallmentBank[] =>
  (settings.installmentBanks ?? []) as unknown as readonly InstallmentBank[];

/** A stable object id of the bank's index and a small number, as Kashier's ids look (24 hex). */
const objectIdOf = (bank: number, item: number): string =>
  `${(bank + 1).toString(16).padStart(12, '0')}${(item + 1).toString(16).padStart(12, '0')}`;

/** The bank's logo: an inline SVG of its abbreviation (the sandbox serves no image files). */
const logoOf = (bank: InstallmentBank): string =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32"><text x="4" y="22">${bank.abbreviation.replace(/[<&>]/g, '')}</text></svg>`)}`;

/** The banks that offer installments on `amount` (at least their minimum; inferred filter). */
export function banksView(banks: readonly InstallmentBank[], amount: number) {
  return banks.flatMap((bank, index) =>
    amount < bank.minimumAmount
      ? []
      : [
          {
            logoUrl: logoOf(bank),
            bankNameEn: bank.nameEn,
            bankNameAr: bank.nameAr,
            bankAbbreviation: bank.abbreviation,
            banknSystemID: bank.id,
            planFinancing: 1,
            plans: [{ planFinancing: true, bankId: objectIdOf(index, 0) }],
            termsAndConditions: {
              termsAndConditionsEn: bank.termsUrlEn,
              termsAndConditionsAr: bank.termsUrlAr,
            },
            minimunInstallmentAmount: bank.minimumAmount,
            binRanges: bank.bins.map((bin, binIndex) => ({
              _id: objectIdOf(index, binIndex + 1),
              prefix: bin.prefix,
              product: bin.product,
              range: { from: '0000', to: '9999' },
            })),
          },
        ],
  );
}

const twoDecimals = (value: number): string => (Math.round(value * 100) / 100).toFixed(2);

/** One bank's plans for `amount`, with Kashier's labels [R]; none when the bank is unknown (inferred). */
export function bankPlansView(banks: readonly InstallmentBank[], amount: number, bankId: string) {
  return banks.flatMap((bank, index) =>
    bank.id !== bankId
      ? []
      : [
          {
            'Logo URL': logoOf(bank),
            'Terms & Conditions url EN': bank.termsUrlEn,
            'Terms & Conditions url AR': bank.termsUrlAr,
            'Bank Name EN': bank.nameEn,
            'Bank Name AR': bank.nameAr,
            'Bank Abbreviation': bank.abbreviation,
            'Bank system ID': bank.id,
            'Minimum installment amount': bank.minimumAmount,
            'Supported BINs': bank.bins.map((bin) => ({
              Prefix: bin.prefix,
              From: '0000',
              To: '9999',
              'Product Name': bin.product,
            })),
            plans: bank.plans.map((plan, planIndex) => ({
              'Plan Financing': true,
              'Merchant Plan ID': `INSPLAN-${index + 1}${planIndex + 1}`,
              'Name EN': `Pay with installments on ${plan.months} months`,
              'Name AR': `تقسيط على ${plan.months} شهور`,
              Duration: plan.months,
              'Full Amount / Original amount': twoDecimals(amount),
              'Bank Interest Rate': twoDecimals(plan.interestRate),
              'Installment amount per month': twoDecimals(
                (amount * (1 + plan.interestRate / 100)) / plan.months,
              ),
              'Authorization Amount': twoDecimals(amount),
            })),
          },
        ],
  );
}
