import { describe, expect, it } from 'vitest';
import { driftLevel } from '../../../../main/drift/levels';
import { defaultConfig } from '../../../../shared/config';

const t = defaultConfig().drift;
const base = { referenceCount: 1000, currentCount: 1000, pValue: 1e-9, effect: 0, psi: 0 };

describe('driftLevel', () => {
  it('needs 100 values on each side', () => {
    expect(driftLevel({ ...base, referenceCount: 99 }, t)).toBe('INSUFFICIENT_DATA');
    expect(driftLevel({ ...base, currentCount: 99 }, t)).toBe('INSUFFICIENT_DATA');
    expect(driftLevel({ ...base, referenceCount: 100, currentCount: 100, effect: 0.5 }, t)).toBe('SEVERE_DRIFT');
  });

  it.each([
    [0.05, 'NO_DRIFT'],
    [0.0499, 'MILD_DRIFT'],
    [0.01, 'MILD_DRIFT'],
    [0.0099, 'MODERATE_DRIFT'],
    [0.001, 'MODERATE_DRIFT'],
    [0.00099, 'SEVERE_DRIFT'],
  ])('significance: p = %s with a large effect → %s', (pValue, level) => {
    expect(driftLevel({ ...base, pValue, effect: 1 }, t)).toBe(level);
  });

  it.each([
    [0.0999, 'NO_DRIFT'],
    [0.1, 'MILD_DRIFT'],
    [0.1999, 'MILD_DRIFT'],
    [0.2, 'MODERATE_DRIFT'],
    [0.2999, 'MODERATE_DRIFT'],
    [0.3, 'SEVERE_DRIFT'],
  ])('effect: normed Wasserstein or Jensen–Shannon %s with a tiny p → %s', (effect, level) => {
    expect(driftLevel({ ...base, effect }, t)).toBe(level);
  });

  it.each([
    [0.0999, 'NO_DRIFT'],
    [0.1, 'MILD_DRIFT'],
    [0.2, 'MODERATE_DRIFT'],
    [0.2499, 'MODERATE_DRIFT'],
    [0.25, 'SEVERE_DRIFT'],
  ])('effect: PSI %s with a tiny p → %s', (psi, level) => {
    expect(driftLevel({ ...base, psi }, t)).toBe(level);
  });

  it('takes the lower of significance and size: many rows cannot make a negligible shift severe', () => {
    expect(driftLevel({ ...base, pValue: 1e-300, effect: 0.05, psi: 0.02 }, t)).toBe('NO_DRIFT');
    expect(driftLevel({ ...base, pValue: 0.03, effect: 2, psi: 3 }, t)).toBe('MILD_DRIFT');
  });

  it('follows configured thresholds', () => {
    const strict = { ...t, effect: { mild: 0.01, moderate: 0.02, severe: 0.03 }, minSamples: 10 };
    expect(driftLevel({ ...base, referenceCount: 10, currentCount: 10, effect: 0.025 }, strict)).toBe('MODERATE_DRIFT');
  });

  it('is INSUFFICIENT_DATA when nothing could be tested', () => {
    expect(driftLevel({ ...base, pValue: null }, t)).toBe('INSUFFICIENT_DATA');
  });
});
