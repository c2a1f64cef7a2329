import { ADMIN_FEE, IPT_RATE, PREMIUM_RATE, priceQuote } from './pricing';

describe('priceQuote', () => {
  it('reproduces the recorded staging quote for two £100 event tickets', () => {
    expect(priceQuote({ tickets: [{ price: 100 }, { price: 100 }] })).toEqual({
      insuredValue: 200,
      premium: 0.9,
      ipt: 0.11,
      adminFee: 1,
      tax: 1.11,
      price: 2.01,
    });
    expect([PREMIUM_RATE, IPT_RATE, ADMIN_FEE]).toEqual([0.0045, 0.12, 1]);
  });

  it('takes a single listed ticket price for each of number_of_tickets', () => {
    expect(priceQuote({ number_of_tickets: 2, tickets: [{ price: 100 }] })).toMatchObject({
      insuredValue: 200,
      price: 2.01,
    });
  });

  it('averages the listed prices, never counting fewer tickets than are listed', () => {
    expect(priceQuote({ number_of_tickets: 4, tickets: [{ price: 10 }, { price: 30 }] }).insuredValue).toBe(
      80,
    );
    expect(priceQuote({ number_of_tickets: 1, tickets: [{ price: 10 }, { price: 30 }] }).insuredValue).toBe(
      40,
    );
  });

  it('ignores tickets without a usable price', () => {
    expect(
      priceQuote({ tickets: [null, { price: '100' }, { price: -5 }, {}, { price: 50 }] }).insuredValue,
    ).toBe(50);
  });

  it.each([
    [{ total_trip_cost: 1000, trip_cost: 1, price: 2 }, 1000],
    [{ trip_cost: 500, cover_amount: 1 }, 500],
    [{ cover_amount: 300 }, 300],
    [{ item_value: 250 }, 250],
    [{ parcel_value: 40 }, 40],
    [{ total_price: 75 }, 75],
    [{ price: 60 }, 60],
    [{ total_trip_cost: '1000', trip_cost: -1, cover_amount: 20 }, 20],
    [{ tickets: [{ price: 'x' }], item_value: 0 }, 0],
  ])('without ticket prices, insures the first usable value field: %j -> %d', (item, insuredValue) => {
    expect(priceQuote(item).insuredValue).toBe(insuredValue);
  });

  it('insures 100 when nothing says what the item is worth', () => {
    expect(priceQuote({})).toEqual({
      insuredValue: 100,
      premium: 0.45,
      ipt: 0.05,
      adminFee: 1,
      tax: 1.05,
      price: 1.5,
    });
    expect(priceQuote({ tickets: 'two' }).insuredValue).toBe(100);
  });

  it('charges a premium of at least 0.01', () => {
    expect(priceQuote({ item_value: 0 })).toEqual({
      insuredValue: 0,
      premium: 0.01,
      ipt: 0,
      adminFee: 1,
      tax: 1,
      price: 1.01,
    });
    expect(priceQuote({ item_value: 1 }).premium).toBe(0.01);
    expect(priceQuote({ item_value: 2 }).premium).toBe(0.01);
    expect(priceQuote({ item_value: 3 }).premium).toBe(0.01);
    expect(priceQuote({ item_value: 4 }).premium).toBe(0.02);
  });

  it('rounds every amount to cents', () => {
    const pricing = priceQuote({ trip_cost: 1234.56 });
    expect(pricing).toEqual({
      insuredValue: 1234.56,
      premium: 5.56,
      ipt: 0.67,
      adminFee: 1,
      tax: 1.67,
      price: 7.23,
    });
  });
});
