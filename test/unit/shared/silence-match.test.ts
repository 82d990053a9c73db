import { describe, expect, it } from 'vitest';
import { globMatches, silenceMatches } from '../../../shared/alerts';

describe('silence matching', () => {
  it('globs match the whole string: * any run, ? one character, everything else literally', () => {
    expect(globMatches('gpu*', 'gpu-temperature')).toBe(true);
    expect(globMatches('gpu*', 'my-gpu')).toBe(false);
    expect(globMatches('/data', '/data/cache')).toBe(false);
    expect(globMatches('/data*', '/data/cache')).toBe(true);
    expect(globMatches('model.latency_p95{?}', 'model.latency_p95{a}')).toBe(true);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('(x)[y]+', '(x)[y]+')).toBe(true);
  });

  it('a null side matches anything; a resource pattern never matches an alert without a resource', () => {
    expect(silenceMatches({ rule: null, resource: null }, { rule: 'cpu', resource: null })).toBe(true);
    expect(silenceMatches({ rule: 'cpu', resource: '*' }, { rule: 'cpu', resource: null })).toBe(false);
    expect(silenceMatches({ rule: 'disk', resource: '/data' }, { rule: 'disk', resource: '/data' })).toBe(true);
    expect(silenceMatches({ rule: 'disk', resource: 'a' }, { rule: 'disk', resource: '/data' })).toBe(false);
  });
});
