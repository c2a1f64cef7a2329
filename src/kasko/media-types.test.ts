import { KASKO_V2, KASKO_V3, kaskoMediaTypeFor, kaskoVersionAccepted } from './media-types';

describe('KASKO media types', () => {
  it('names the media type each route wants', () => {
    expect(kaskoMediaTypeFor('POST', '/quotes')).toBe(KASKO_V3);
    expect(kaskoMediaTypeFor('GET', '/quotes')).toBe(KASKO_V2);
    expect(kaskoMediaTypeFor('PATCH', '/policies/tpol_1')).toBe(KASKO_V2);
    expect(kaskoMediaTypeFor('POST', '/policies/tpol_1/reactivate')).toBe(KASKO_V2);
    expect(kaskoMediaTypeFor('POST', '/payments')).toBeUndefined();
  });

  it('reads the version an Accept header asks for', () => {
    expect(kaskoVersionAccepted(`text/html, ${KASKO_V3};q=0.9`)).toBe('v3');
    expect(kaskoVersionAccepted(KASKO_V2)).toBe('v2');
    expect(kaskoVersionAccepted('application/json')).toBeUndefined();
    expect(kaskoVersionAccepted(undefined)).toBeUndefined();
  });
});
