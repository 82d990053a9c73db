import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../../../../main/store/metric-store';
import { openStore } from '../../../../main/store/open';
import { tempDir } from '../../../helpers/temp-dir';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const retention = { rawHours: 24, minuteDays: 30, hourDays: 365 };

describe('the metric store', () => {
  it('rolls raw points into minutes and hours, and answers each range from the tier that fits', () => {
    const db = openStore(tempDir());
    const store = createMetricStore(db);
    const start = Date.UTC(2026, 10, 1);
    // Three hours of one point a second: 0..99 repeating.
    const points: [string, number, number][] = [];
    for (let s = 0; s < 3 * 3600; s++) points.push(['cpu.total', start + s * 1000, s % 100]);
    store.write(points);
    const now = start + 3 * hour + 5000;
    store.maintain(now, retention);
    const minutes = db.prepare('SELECT count(*) AS n, min(min) AS lo, max(max) AS hi, sum(count) AS c FROM metric_minute').get() as Record<string, number>;
    expect(minutes).toEqual({ n: 180, lo: 0, hi: 99, c: 3 * 3600 });
    expect(db.prepare('SELECT count(*) FROM metric_hour').pluck().get()).toBe(3);

    const raw = store.history(['cpu.total'], now - 15 * minute, now, 900, now, retention);
    expect(raw.tier).toBe('raw');
    expect(raw.series[0]!.points.length).toBeGreaterThan(890);
    expect(raw.series[0]!.points.length).toBeLessThanOrEqual(900);
    // Ten raw points a bucket: each bucket averages them and keeps their extremes.
    const coarse = store.history(['cpu.total'], start, start + 100_000, 10, now, retention);
    expect(coarse.stepMs).toBe(10_000);
    expect(coarse.series[0]!.points).toHaveLength(10);
    expect(coarse.series[0]!.points[0]).toEqual([start, 4.5, 0, 9]);
    expect(coarse.series[0]!.points[9]).toEqual([start + 90_000, 94.5, 90, 99]);
    const hours = store.history(['cpu.total'], start, now, 10, now, retention);
    expect(hours.tier).toBe('minute');
    const all = hours.series[0]!.points;
    expect(all.length).toBeLessThanOrEqual(11);
    expect(all.reduce((s, p) => s + p[1], 0) / all.length).toBeCloseTo(49.5, 0);
    expect(Math.min(...all.map((p) => p[2]))).toBe(0);
    expect(Math.max(...all.map((p) => p[3]))).toBe(99);
    const month = store.history(['cpu.total'], now - 30 * day, now, 720, now, retention);
    expect(month.tier).toBe('hour');
    expect(month.series[0]!.points).toHaveLength(3);
    expect(store.history(['nope'], start, now, 10, now, retention).series[0]!.points).toEqual([]);
  });

  it('prunes each tier past its retention, and keeps rolling from where it stopped', () => {
    const db = openStore(tempDir());
    const store = createMetricStore(db);
    const start = Date.UTC(2026, 0, 1);
    store.write([['m', start, 1], ['m', start + 30_000, 3]]);
    store.maintain(start + 2 * minute, retention);
    store.write([['m', start + 2 * minute + 1000, 10]]);
    store.maintain(start + 3 * minute, retention);
    expect(db.prepare('SELECT at, sum, count FROM metric_minute ORDER BY at').all()).toEqual([
      { at: start, sum: 4, count: 2 },
      { at: start + 2 * minute, sum: 10, count: 1 },
    ]);
    store.maintain(start + 25 * hour, retention);
    expect(db.prepare('SELECT count(*) FROM metric_raw').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM metric_minute').pluck().get()).toBe(2);
    store.maintain(start + 31 * day, retention);
    expect(db.prepare('SELECT count(*) FROM metric_minute').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM metric_hour').pluck().get()).toBe(1);
    store.maintain(start + 366 * day, retention);
    expect(db.prepare('SELECT count(*) FROM metric_hour').pluck().get()).toBe(0);
  });
});
