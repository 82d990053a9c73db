import { describe, expect, it } from 'vitest';
import { splitFragment } from '../../../renderer/src/api/split-fragment';

describe('the token in the link fragment', () => {
  it('is split from the route, which keeps its other parameters', () => {
    expect(splitFragment('#token=abc')).toEqual({ route: '/', token: 'abc' });
    expect(splitFragment('#/drift?token=abc')).toEqual({ route: '/drift', token: 'abc' });
    expect(splitFragment('#/alerts?alert=7&token=abc')).toEqual({ route: '/alerts?alert=7', token: 'abc' });
    expect(splitFragment('#/alerts?token=abc&alert=7')).toEqual({ route: '/alerts?alert=7', token: 'abc' });
  });

  it('leaves a fragment without a token alone', () => {
    expect(splitFragment('#/alerts?alert=7')).toEqual({ route: '/alerts?alert=7', token: null });
    expect(splitFragment('#/backups')).toEqual({ route: '/backups', token: null });
    expect(splitFragment('')).toEqual({ route: '', token: null });
  });
});
