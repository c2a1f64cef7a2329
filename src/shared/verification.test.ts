import { refusalOf, type Verification } from './verification';

const CATALOGUE = { TOY_MISSING: { message: 'Signature missing' } } as const;

describe('refusalOf', () => {
  it('builds a refusal with the catalogue’s message and what was checked', () => {
    const refused: Verification<keyof typeof CATALOGUE> = refusalOf(CATALOGUE, { header: 'x-sig' })(
      'TOY_MISSING',
      'no x-sig header',
    );
    expect(refused).toEqual({
      ok: false,
      reason: 'TOY_MISSING',
      message: 'Signature missing',
      detail: 'no x-sig header',
      checked: { header: 'x-sig' },
    });
  });
});
