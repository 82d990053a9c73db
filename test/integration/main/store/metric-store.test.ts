import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../../../../main/store/metric-store';
import { openStore, type Db } from '../../../../main/store/open';
import { tempDir } from '../../../helpers/temp-dir';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const retention = { rawHours: 24, minuteDays: 30, hourDays: 365 };
const stagedRows = (db: Db) => db.prepare('SELECT (SELECT count(*) FROM metric_staging_0) + (SELECT count(*) FROM metric_staging_1)').pluck().get();

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
    expect(db.prepare('SELECT (SELECT count(*) FROM metric_raw) + (SELECT count(*) FROM metric_staging_0) + (SELECT count(*) FROM metric_staging_1)').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM metric_minute').pluck().get()).toBe(2);
    store.maintain(start + 31 * day, retention);
    expect(db.prepare('SELECT count(*) FROM metric_minute').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM metric_hour').pluck().get()).toBe(1);
    store.maintain(start + 366 * day, retention);
    expect(db.prepare('SELECT count(*) FROM metric_hour').pluck().get()).toBe(0);
  });

  it('writes a flush of every series as a few pages of disk, not a page per series', () => {
    const dir = tempDir();
    const db = openStore(dir);
    const store = createMetricStore(db);
    const start = Date.UTC(2026, 10, 30);
    const series = Array.from({ length: 150 }, (_, i) => `system.series{${i}}`);
    const flush = (at: number) => store.write(series.flatMap((name) => [[name, at, Math.random()], [name, at + 1000, Math.random()]] as [string, number, number][]));
    // Ten minutes of history in the raw tier: each series fills pages of its own.
    for (let at = start; at < start + 10 * minute; at += 2000) flush(at);
    while (store.compactSome());
    db.pragma('wal_checkpoint(TRUNCATE)');
    const walBytes = () => statSync(join(dir, 'vigil.db-wal')).size;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const before = walBytes();
    for (let k = 0; k < 10; k++) flush(start + 10 * minute + k * 2000);
    const pagesPerFlush = (walBytes() - before) / (pageSize + 24) / 10;
    expect(pagesPerFlush).toBeLessThan(10); // straight into the raw tier it was about 200, one or more per series
    // Moving them costs a page per series once, not once per flush.
    const compactFrom = walBytes();
    while (store.compactSome());
    expect((walBytes() - compactFrom) / (pageSize + 24)).toBeLessThan(2 * series.length);
    expect(store.history([series[7]!], start, start + 11 * minute, 660, start + 11 * minute, retention).series[0]!.points).toHaveLength(620);
  });

  it('answers from staged points while they move into the raw tier a slice at a time, and loses none written meanwhile', () => {
    const db = openStore(tempDir());
    const store = createMetricStore(db);
    const start = Date.UTC(2026, 10, 30);
    const names = Array.from({ length: 1200 }, (_, i) => `model.latency_p95{m${i}}`);
    const now = start + 10 * minute;
    const points = (name: string) => store.history([name], start, now, 600, now, retention).series[0]!.points.map(([at, avg]) => [at, avg]);
    store.write(names.map((name, i) => [name, start, i]));
    store.write(names.map((name, i) => [name, start + 1000, i + 0.5]));
    expect(points(names[0]!)).toEqual([[start, 0], [start + 1000, 0.5]]);
    expect(store.compactSome()).toBe(true); // the first slice of series moved
    store.write(names.map((name, i) => [name, start + 2000, i + 0.25])); // written mid-way
    for (const name of [names[0]!, names[1199]!]) {
      const i = names.indexOf(name);
      expect(points(name)).toEqual([[start, i], [start + 1000, i + 0.5], [start + 2000, i + 0.25]]);
    }
    while (store.compactSome());
    expect(db.prepare('SELECT count(*) FROM metric_raw').pluck().get()).toBe(2400);
    expect(stagedRows(db)).toBe(1200); // the points written mid-way
    expect(points(names[600]!)).toEqual([[start, 600], [start + 1000, 600.5], [start + 2000, 600.25]]);
    while (store.compactSome());
    expect(stagedRows(db)).toBe(0);
    expect(points(names[1199]!)).toEqual([[start, 1199], [start + 1000, 1199.5], [start + 2000, 1199.25]]);
  });

  it('moves points staged by a run that was killed into the raw tier when the store opens again', () => {
    const dir = tempDir();
    const start = Date.UTC(2026, 10, 30);
    const first = openStore(dir);
    createMetricStore(first).write([['cpu.total', start, 10], ['cpu.total', start + 1000, 20]]);
    first.close(); // nothing moved: as after a SIGKILL
    const db = openStore(dir);
    const store = createMetricStore(db);
    expect(stagedRows(db)).toBe(0);
    expect(db.prepare('SELECT at, value FROM metric_raw ORDER BY at').all()).toEqual([{ at: start, value: 10 }, { at: start + 1000, value: 20 }]);
    expect(store.history(['cpu.total'], start, start + minute, 60, start + minute, retention).series[0]!.points.map(([at, avg]) => [at, avg])).toEqual([[start, 10], [start + 1000, 20]]);
  });
});
