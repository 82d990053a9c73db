import { describe, expect, it } from 'vitest';
import { planWindows } from '../../../../main/drift/windows';

const day = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('planWindows', () => {
  const options = { referenceDays: 30, detectionDays: 7, chunkHours: 24 };

  it('ends at the UTC day holding the newest row and splits the last 7 days into daily chunks', () => {
    const current = Float64Array.of(at('2026-11-01T10:00:00Z'), at('2026-11-20T15:30:00Z'), NaN);
    const plan = planWindows(current, undefined, options);
    expect(plan.detectionWindow).toEqual({ start: at('2026-11-14T00:00:00Z'), end: at('2026-11-21T00:00:00Z') });
    expect(plan.chunks).toHaveLength(7);
    expect(plan.chunks[0]).toEqual({ start: at('2026-11-14T00:00:00Z'), end: at('2026-11-15T00:00:00Z') });
    expect(plan.referenceWindow).toBeNull();
  });

  it('uses the 30 days before the detection window as reference when the reference has rows there', () => {
    const current = Float64Array.of(at('2026-11-20T15:30:00Z'));
    const reference = Float64Array.of(at('2026-10-20T00:00:00Z'));
    const plan = planWindows(current, reference, options);
    expect(plan.referenceWindow).toEqual({ start: at('2026-11-14T00:00:00Z') - 30 * day, end: at('2026-11-14T00:00:00Z') });
  });

  it('uses the whole reference when it has no rows in that period (a training set from long ago)', () => {
    const plan = planWindows(Float64Array.of(at('2026-11-20T00:00:00Z')), Float64Array.of(at('2025-01-01T00:00:00Z')), options);
    expect(plan.referenceWindow).toBeNull();
  });

  it('honours other window and chunk lengths', () => {
    const plan = planWindows(Float64Array.of(at('2026-11-20T13:00:00Z')), undefined, { referenceDays: 10, detectionDays: 1, chunkHours: 6 });
    expect(plan.chunks.map((c) => new Date(c.start).toISOString())).toEqual([
      '2026-11-19T18:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
      '2026-11-20T06:00:00.000Z',
      '2026-11-20T12:00:00.000Z',
    ]);
  });

  it('refuses a column with no times at all', () => {
    expect(() => planWindows(Float64Array.of(NaN), undefined, options)).toThrow(/no times/);
  });
});
