import { describe, expect, it } from 'vitest';
import { describeDuration, mountContaining } from '../../../shared/foresight';

describe('foresight helpers', () => {
  it('finds the mount a path lives on', () => {
    const mounts = ['/', '/data', '/data/fast', '/boot'];
    expect(mountContaining('/data/fast/backups', mounts)).toBe('/data/fast');
    expect(mountContaining('/data/backups', mounts)).toBe('/data');
    expect(mountContaining('/database', mounts)).toBe('/');
    expect(mountContaining('/data', mounts)).toBe('/data');
    expect(mountContaining('/x', ['/data'])).toBeNull();
  });

  it('rounds a forecast to what it can promise', () => {
    expect([20, 40 * 60, 3 * 3600 + 600, 30 * 3600, 5 * 86_400].map(describeDuration)).toEqual(['about 1 min', 'about 40 min', 'about 3 h', 'about 30 h', 'about 5 days']);
  });
});
