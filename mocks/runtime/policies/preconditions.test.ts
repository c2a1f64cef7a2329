import fc from 'fast-check';
import { evaluatePreconditions, parseEntityTags, versionHeaders } from './preconditions';

const version = { etag: '"v2"', lastModified: new Date('2026-01-02T03:04:05.678Z') };

describe('evaluatePreconditions', () => {
  it('passes a matching If-Match, and * for an existing object', () => {
    expect(evaluatePreconditions({ 'if-match': '"v2"' }, version)).toEqual({ kind: 'pass' });
    expect(evaluatePreconditions({ 'if-match': '"v1", "v2"' }, version)).toEqual({ kind: 'pass' });
    expect(evaluatePreconditions({ 'if-match': '*' }, version)).toEqual({ kind: 'pass' });
  });

  it('refuses a stale or weak If-Match (strong comparison)', () => {
    expect(evaluatePreconditions({ 'if-match': '"v1"' }, version).kind).toBe('stale');
    expect(evaluatePreconditions({ 'if-match': 'W/"v2"' }, version).kind).toBe('stale');
    expect(evaluatePreconditions({ 'if-match': 'v2' }, version).kind).toBe('stale');
  });

  it('compares If-Unmodified-Since at second precision', () => {
    const same = versionHeaders(version)['Last-Modified'];
    expect(evaluatePreconditions({ 'if-unmodified-since': same }, version)).toEqual({ kind: 'pass' });
    const before = new Date(version.lastModified.getTime() - 1000).toUTCString();
    expect(evaluatePreconditions({ 'if-unmodified-since': before }, version).kind).toBe('stale');
  });

  it('lets If-Match decide when both are sent', () => {
    const before = new Date(0).toUTCString();
    expect(evaluatePreconditions({ 'if-match': '"v2"', 'if-unmodified-since': before }, version)).toEqual({
      kind: 'pass',
    });
  });

  it('asks for a precondition when none (or only an unparsable date) is sent', () => {
    expect(evaluatePreconditions({}, version)).toEqual({ kind: 'missing' });
    expect(evaluatePreconditions({ 'if-unmodified-since': 'yesterday' }, version)).toEqual({
      kind: 'missing',
    });
  });

  it('passes for an object that does not exist (the handler answers 404)', () => {
    expect(evaluatePreconditions({}, undefined)).toEqual({ kind: 'pass' });
  });

  it('never throws, whatever the headers (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (ifMatch, since) => {
        const headers = {
          ...(ifMatch === null ? {} : { 'if-match': ifMatch }),
          ...(since === null ? {} : { 'if-unmodified-since': since }),
        };
        expect(['pass', 'stale', 'missing']).toContain(evaluatePreconditions(headers, version).kind);
      }),
    );
  });
});

describe('parseEntityTags', () => {
  it('reads lists of strong and weak tags', () => {
    expect(parseEntityTags('"a", W/"b" ,"c"')).toEqual(['"a"', 'W/"b"', '"c"']);
  });

  it('refuses what is not a tag list', () => {
    expect(parseEntityTags('a')).toBeUndefined();
    expect(parseEntityTags('"a" "b"')).toBeUndefined();
    expect(parseEntityTags('')).toBeUndefined();
  });
});
