import { formatJudgements } from './check-report';
import type { Judgement } from './check-replay';

const base = {
  label: 'curl command',
  method: 'GET',
  target: '/p',
  operationId: 'getThing',
  judgedAt: '2024-05-01T12:00:00.000Z',
  judgedAtSource: 'Date header',
} as const;

describe('formatJudgements', () => {
  it('shows an accepted request in two lines, without what was checked', () => {
    const accepted: Judgement = { ...base, accepted: true, checked: { auth: { Scheme: { ok: 1 } } } };
    expect(formatJudgements('toy', [accepted])).toBe(
      [
        'curl command: GET /p',
        '  judged as of 2024-05-01T12:00:00.000Z, the time of its Date header, when it was signed (--now ISO judges at another time)',
        '  ACCEPTED: operation getThing (authentication, authorization and the spec pass)',
        "    the provider's own handler did not run: its answer depends on state this offline check does not have",
        '',
        'toy: 1 of 1 request would be accepted',
        '',
      ].join('\n'),
    );
  });

  it('shows a string to sign of several lines exactly, between markers, and field names in words', () => {
    const refused: Judgement = {
      ...base,
      judgedAtSource: '--now',
      accepted: false,
      refusal: { status: 401, reason: 'TOY_SIG', meaning: 'bad signature', fix: 'sign it right' },
      checked: {
        auth: {
          Sig: {
            signedHeaders: ['(request-target)', 'date'],
            stringToSign: '(request-target): get /p\ndate: d ',
          },
        },
      },
    };
    const text = formatJudgements('toy', [refused]);
    expect(text).toContain('  judged as of 2024-05-01T12:00:00.000Z, the time --now gives\n');
    expect(text).toContain(
      [
        '  REFUSED: 401 TOY_SIG (operation getThing)',
        '    meaning: bad signature',
        '    fix:     sign it right',
        '  what the sandbox computed:',
        '    auth:',
        '      Sig:',
        '        signed headers: (request-target), date',
        '        string to sign: (between the markers, exactly)',
        '          ---',
        '          (request-target): get /p',
        '          date: d ',
        '          ---',
      ].join('\n'),
    );
    expect(text.endsWith('toy: 1 of 1 request would be refused\n')).toBe(true);
  });

  it('counts refusals among several requests', () => {
    const accepted: Judgement = { ...base, accepted: true, checked: {} };
    const refused: Judgement = {
      ...base,
      accepted: false,
      refusal: { status: 404, reason: null },
      checked: {},
    };
    const text = formatJudgements('toy', [accepted, refused, accepted]);
    expect(text).toContain('REFUSED: 404 (no reason code)');
    expect(text.endsWith('toy: 1 of 3 requests would be refused\n')).toBe(true);
  });
});
