import fc from 'fast-check';
import { CONNECTION_FAULTS } from './faults';
import { parsePrefer, wantsSpecAnswer } from './prefer';

describe('parsePrefer', () => {
  it('reads Prism’s preferences and the fault extension, comma-separated, quoted or not', () => {
    expect(parsePrefer('code=404, example="not-found", dynamic=true, fault=trickle')).toEqual({
      ok: true,
      value: { code: 404, exampleKey: 'not-found', dynamic: true, fault: 'trickle' },
    });
    expect(parsePrefer(['code=201', 'respond-async'])).toEqual({ ok: true, value: { code: 201 } });
    expect(parsePrefer(undefined)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['fault=explode', 'Prefer: fault= must be one of drop, reset, truncate, malformed, trickle'],
    ['fault=', 'Prefer: fault= must be one of'],
    ['code=abc', 'Prefer: code= needs a status from 100 to 599'],
    ['code=700', 'Prefer: code= needs a status from 100 to 599'],
  ])('refuses %s', (header, problem) => {
    const parsed = parsePrefer(header);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });

  it('never throws, and what it accepts is a status, a known fault or text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const parsed = parsePrefer(header);
        if (!parsed.ok) return;
        const { code, fault } = parsed.value;
        if (code !== undefined) expect(code >= 100 && code <= 599).toBe(true);
        if (fault !== undefined) expect(CONNECTION_FAULTS).toContain(fault);
      }),
    );
  });

  it('asks for the spec’s answer only for code, example or dynamic=true', () => {
    expect(wantsSpecAnswer({ fault: 'drop' })).toBe(false);
    expect(wantsSpecAnswer({ dynamic: false })).toBe(false);
    expect(wantsSpecAnswer({ exampleKey: 'x' })).toBe(true);
  });
});
