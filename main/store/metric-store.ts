import type { HistoryResponse } from '../../shared/monitor';
import type { Db } from './open';

const minute = 60_000;
const hour = 3_600_000;

export interface Retention {
  rawHours: number;
  minuteDays: number;
  hourDays: number;
}

type Tier = HistoryResponse['tier'];

/**
 * Time series in three tiers, like Netdata's: raw points, 1-minute and 1-hour rollups (min, max,
 * sum, count). Points are buffered and written in one transaction per flush; rollups and pruning
 * run from `maintain()`, which the monitor calls on a timer with its own clock.
 */
export function createMetricStore(db: Db) {
  const seriesIds = new Map<string, number>();
  const selectSeries = db.prepare<[string], { id: number }>('SELECT id FROM metric_series WHERE name = ?');
  const insertSeries = db.prepare('INSERT INTO metric_series (name) VALUES (?)');
  const insertRaw = db.prepare('INSERT OR REPLACE INTO metric_raw (series, at, value) VALUES (?, ?, ?)');
  const getMark = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const rollMinute = db.prepare(`
    INSERT OR REPLACE INTO metric_minute (series, at, min, max, sum, count)
    SELECT series, at - at % ${minute}, min(value), max(value), sum(value), count(*) FROM metric_raw
    WHERE at >= ? AND at < ? GROUP BY series, at - at % ${minute}`);
  const rollHour = db.prepare(`
    INSERT OR REPLACE INTO metric_hour (series, at, min, max, sum, count)
    SELECT series, at - at % ${hour}, min(min), max(max), sum(sum), sum(count) FROM metric_minute
    WHERE at >= ? AND at < ? GROUP BY series, at - at % ${hour}`);
  const pruneRaw = db.prepare('DELETE FROM metric_raw WHERE at < ?');
  const pruneMinute = db.prepare('DELETE FROM metric_minute WHERE at < ?');
  const pruneHour = db.prepare('DELETE FROM metric_hour WHERE at < ?');
  const oldestRaw = db.prepare<[], { at: number | null }>('SELECT min(at) AS at FROM metric_raw');

  const idOf = (name: string): number => {
    let id = seriesIds.get(name);
    if (id === undefined) {
      id = selectSeries.get(name)?.id ?? Number(insertSeries.run(name).lastInsertRowid);
      seriesIds.set(name, id);
    }
    return id;
  };

  const writeBatch = db.transaction((points: [string, number, number][]) => {
    for (const [name, at, value] of points) insertRaw.run(idOf(name), at, value);
  });

  const mark = (key: string, fallback: number) => Number(getMark.get(key)?.value ?? fallback);

  return {
    /** Writes points `[series, at, value]` in one transaction. */
    write(points: [string, number, number][]): void {
      if (points.length) writeBatch(points);
    },

    /** Rolls finished minutes and hours up, then drops what is older than each tier keeps. */
    maintain: db.transaction((now: number, retention: Retention) => {
      const minuteEnd = now - (now % minute);
      const minuteFrom = mark('metrics.rolled.minute', oldestRaw.get()?.at ?? minuteEnd);
      if (minuteEnd > minuteFrom) {
        rollMinute.run(minuteFrom - (minuteFrom % minute), minuteEnd);
        setMark.run('metrics.rolled.minute', String(minuteEnd));
      }
      const hourEnd = now - (now % hour);
      const hourFrom = mark('metrics.rolled.hour', minuteFrom - (minuteFrom % hour));
      if (hourEnd > hourFrom) {
        rollHour.run(hourFrom, hourEnd);
        setMark.run('metrics.rolled.hour', String(hourEnd));
      }
      pruneRaw.run(now - retention.rawHours * hour);
      pruneMinute.run(now - retention.minuteDays * 24 * hour);
      pruneHour.run(now - retention.hourDays * 24 * hour);
    }),

    /**
     * Points for a chart: the finest tier that still covers `from` and is not finer than the chart
     * can show, bucketed to about `points` values of [at, avg, min, max].
     */
    history(names: string[], from: number, to: number, points: number, now: number, retention: Retention): HistoryResponse {
      const step = Math.max(1, Math.ceil((to - from) / points));
      const tier: Tier =
        step < minute && from >= now - retention.rawHours * hour ? 'raw' : step < hour && from >= now - retention.minuteDays * 24 * hour ? 'minute' : 'hour';
      const bucket = Math.max(step, tier === 'raw' ? 1 : tier === 'minute' ? minute : hour);
      // Numbers bind as REAL: without the cast the division is fractional and no two rows share a bucket.
      const sql =
        tier === 'raw'
          ? `SELECT CAST((at - @from) / @bucket AS INTEGER) AS b, avg(value) AS avg, min(value) AS min, max(value) AS max FROM metric_raw
             WHERE series = @series AND at >= @from AND at < @to GROUP BY b ORDER BY b`
          : `SELECT CAST((at - @from) / @bucket AS INTEGER) AS b, sum(sum) / sum(count) AS avg, min(min) AS min, max(max) AS max FROM metric_${tier}
             WHERE series = @series AND at >= @from - ${tier === 'minute' ? minute : hour} AND at < @to GROUP BY b ORDER BY b`;
      const query = db.prepare<[{ from: number; bucket: number; series: number; to: number }], { b: number; avg: number; min: number; max: number }>(sql);
      return {
        tier,
        stepMs: bucket,
        series: names.map((name) => {
          const id = seriesIds.get(name) ?? selectSeries.get(name)?.id;
          const rows = id === undefined ? [] : query.all({ from, bucket, series: id, to });
          return { name, points: rows.map((r) => [from + Math.max(0, r.b) * bucket, r.avg, r.min, r.max] as [number, number, number, number]) };
        }),
      };
    },

    /** Every stored series name, for the Metrics page's pickers. */
    seriesNames(): string[] {
      return db.prepare<[], { name: string }>('SELECT name FROM metric_series ORDER BY name').all().map((r) => r.name);
    },
  };
}
export type MetricStore = ReturnType<typeof createMetricStore>;
