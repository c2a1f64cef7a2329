import { INSTALMENT_PLANS, isInstalmentPlan, scheduleFor } from './instalments';
import { priceQuote } from './pricing';
import type { QuoteRecord } from './state';

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function quote(
  policyStart: string,
  request: Record<string, unknown> = { tickets: [{ price: 100 }, { price: 100 }] },
): QuoteRecord {
  return {
    id: 'quote-1',
    request,
    pricing: priceQuote(request),
    status: 'RECEIVED',
    policyStart,
    policyEnd: policyStart,
    createdAt: policyStart,
    updatedAt: policyStart,
    confirmedAt: null,
    cancelledAt: null,
    insured: null,
    instalmentPlan: null,
    instalments: [],
  };
}

describe('isInstalmentPlan', () => {
  it('knows exactly the recorded plans', () => {
    expect(INSTALMENT_PLANS.map(({ name }) => name)).toEqual(['1year-monthly', '1year-quarterly']);
    expect(isInstalmentPlan('1year-monthly')).toBe(true);
    expect(isInstalmentPlan('1year-quarterly')).toBe(true);
    for (const name of ['1Year-Monthly', '1year-weekly', '', 'monthly'])
      expect(isInstalmentPlan(name)).toBe(false);
  });
});

describe('scheduleFor', () => {
  const start = '2021-10-01T00:29:29+00:00';

  it('splits the price into 12 monthly instalments, the first paid at booking', () => {
    const schedule = scheduleFor(quote(start), '1year-monthly');
    expect(schedule).toHaveLength(12);
    expect(schedule.map(({ number }) => number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Recorded: a 2.01 quote pays 0.17 a month.
    expect(new Set(schedule.map(({ amount }) => amount))).toEqual(new Set([0.17]));
    expect(schedule.map(({ status }) => status)).toEqual(['PAID', ...Array<string>(11).fill('UNPAID')]);
    expect(schedule.every(({ paymentFailures }) => paymentFailures === null)).toBe(true);
    expect(schedule[0]).toMatchObject({
      periodStart: '2021-10-01T00:29:29Z',
      periodEnd: '2021-10-31T00:29:29Z',
    });
    expect(schedule[1]).toMatchObject({
      periodStart: '2021-11-01T00:29:29Z',
      periodEnd: '2021-11-30T00:29:29Z',
    });
    expect(schedule[11]).toMatchObject({
      periodStart: '2022-09-01T00:29:29Z',
      periodEnd: '2022-09-30T00:29:29Z',
    });
  });

  it('splits the price into 4 quarterly instalments', () => {
    const schedule = scheduleFor(quote(start), '1year-quarterly');
    expect(
      schedule.map(({ periodStart, periodEnd, amount, status }) => [periodStart, periodEnd, amount, status]),
    ).toEqual([
      ['2021-10-01T00:29:29Z', '2021-12-31T00:29:29Z', 0.5, 'PAID'],
      ['2022-01-01T00:29:29Z', '2022-03-31T00:29:29Z', 0.5, 'UNPAID'],
      ['2022-04-01T00:29:29Z', '2022-06-30T00:29:29Z', 0.5, 'UNPAID'],
      ['2022-07-01T00:29:29Z', '2022-09-30T00:29:29Z', 0.5, 'UNPAID'],
    ]);
  });

  it.each(['1year-monthly', '1year-quarterly'])(
    '%s: periods are contiguous, a day apart, over one year',
    (plan) => {
      const schedule = scheduleFor(quote('2024-02-29T12:00:00.250Z'), plan);
      for (const [index, instalment] of schedule.entries()) {
        expect(Date.parse(instalment.periodEnd)).toBeGreaterThan(Date.parse(instalment.periodStart));
        const next = schedule[index + 1];
        if (next) expect(Date.parse(next.periodStart) - Date.parse(instalment.periodEnd)).toBe(DAY_MS);
      }
      // Whole seconds, Z, no milliseconds.
      expect(schedule[0]?.periodStart).toBe('2024-02-29T12:00:00Z');
      // 29 Feb 2024 + 12 months is 28 Feb 2025 (clamped, as dateutil does); the last period ends the day before.
      expect(schedule[schedule.length - 1]?.periodEnd).toBe('2025-02-27T12:00:00Z');
    },
  );

  it('gives every instalment its own UUID', () => {
    const ids = scheduleFor(quote(start), '1year-monthly').map(({ id }) => id);
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(12);
  });

  it('rounds each instalment to cents, with a minimum quote', () => {
    const schedule = scheduleFor(quote(start, { item_value: 0 }), '1year-monthly');
    expect(schedule.map(({ amount }) => amount)).toEqual(Array<number>(12).fill(0.08));
  });

  it('has no schedule for an unknown plan', () => {
    expect(scheduleFor(quote(start), '1year-weekly')).toEqual([]);
    expect(scheduleFor(quote(start), '')).toEqual([]);
  });
});

describe('scheduleFor from the end of a month', () => {
  it('has one instalment per calendar month, the day clamped to the month end', () => {
    const months = scheduleFor(quote('2023-01-31T00:00:00Z'), '1year-monthly').map(({ periodStart }) =>
      periodStart.slice(0, 10),
    );
    expect(months).toEqual([
      '2023-01-31',
      '2023-02-28',
      '2023-03-31',
      '2023-04-30',
      '2023-05-31',
      '2023-06-30',
      '2023-07-31',
      '2023-08-31',
      '2023-09-30',
      '2023-10-31',
      '2023-11-30',
      '2023-12-31',
    ]);
  });
});
