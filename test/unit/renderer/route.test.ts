import { describe, expect, it } from 'vitest';
import { idParam, parseRoute, routeHash } from '../../../renderer/src/route';

describe('the renderer’s route', () => {
  it('reads the page and its parameters from the fragment', () => {
    expect(parseRoute('#/alerts?alert=12')).toEqual({ page: 'alerts', params: { alert: '12' } });
    expect(parseRoute('#/backups?archive=3')).toEqual({ page: 'backups', params: { archive: '3' } });
    expect(parseRoute('#/drift?run=7')).toEqual({ page: 'drift', params: { run: '7' } });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings', params: {} });
    expect(parseRoute('#alerts')).toEqual({ page: 'alerts', params: {} });
  });

  it('lands on the Overview for an empty or unknown route', () => {
    expect(parseRoute('')).toEqual({ page: 'overview', params: {} });
    expect(parseRoute('#/nowhere?alert=1')).toEqual({ page: 'overview', params: { alert: '1' } });
  });

  it('never takes a token for part of a route', () => {
    expect(parseRoute('#token=abc123')).toEqual({ page: 'overview', params: {} });
    expect(parseRoute('#/alerts?token=abc&alert=5')).toEqual({ page: 'alerts', params: { alert: '5' } });
  });

  it('writes the fragment it reads', () => {
    expect(routeHash('alerts', { alert: '12' })).toBe('#/alerts?alert=12');
    expect(parseRoute(routeHash('drift', { run: '7' }))).toEqual({ page: 'drift', params: { run: '7' } });
    expect(routeHash('overview')).toBe('#/overview');
  });

  it('accepts only positive integer ids', () => {
    expect(idParam({ alert: '12' }, 'alert')).toBe(12);
    for (const bad of ['', '0', '-1', '1.5', '12abc', '1e3']) expect(idParam({ alert: bad }, 'alert')).toBeNull();
    expect(idParam({}, 'alert')).toBeNull();
  });
});
