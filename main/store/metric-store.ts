import type { HistoryResponse } from '../../shared/monitor';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const minute = 60_000;
const hour = 3_600_000;

export interface Retention {
  rawHours: number;
  minuteDays: number;
  hourDays: number;
}

type Tier = HistoryResponse['tier'];

/** Staged points are compacted at the latest when this many are held. */
const maxStagedPoints = 200_000;
/** Series per compaction slice (see compactSome). */
const seriesPerSlice = 100;
const stagingTables = ['metric_staging_0', 'metric_staging_1'] as const;

/**
 * Time series in three tiers, like Netdata's: raw points, 1-minute and 1-hour rollups (min, max,
 * sum, count); rollups and pruning run from `maintain()`, which the monitor calls on a timer with
 * its own clock.
 *
 * The raw tier is ordered by series, then time: a point written there dirties a page of its
 * series, so writing every series each second would rewrite one page per series per flush (tens
 * of gigabytes a day of disk writes on a quiet machine). New points are therefore appended to a
 * staging table (in time order: a few pages per flush, just as durable) and kept in memory for
 * reading, then moved into the raw tier, series by series, about once a minute. Two staging tables
 * take turns: new points go to one while the other's move, and emptying a whole table is cheap.
 */
export function createMetricStore(db: Db) {
  const seriesIds = new Map<string, number>();
  const selectSeries = db.prepare<[string], { id: number }>('SELECT id FROM metric_series WHERE name = ?');
  const insertSeries = db.prepare('INSERT INTO metric_series (name) VALUES (?)');
  const insertRaw = db.prepare('INSERT OR REPLACE INTO metric_raw (series, at, value) VALUES (?, ?, ?)');
  const insertStaged = stagingTables.map((table) => db.prepare(`INSERT INTO ${table} (series, at, value) VALUES (?, ?, ?)`));
  const emptyStaged = stagingTables.map((table) => db.prepare(`DELETE FROM ${table}`));
  // After a crash the points are only on disk; of two at the same time in one table, the later wins.
  const moveStaged = stagingTables.map((table) =>
    db.prepare(`INSERT OR REPLACE INTO metric_raw (series, at, value) SELECT series, at, value FROM ${table} ORDER BY series, at, rowid`),
  );
  const getMark = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  // Points still staged count too: rolling up does not wait for them to move.
  const rollMinute = db.prepare(`
    INSERT OR REPLACE INTO metric_minute (series, at, min, max, sum, count)
    SELECT series, at - at % ${minute}, min(value), max(value), sum(value), count(*)
    FROM (SELECT series, at, value FROM metric_raw WHERE at >= @from AND at < @to
          UNION ALL SELECT series, at, value FROM metric_staging_0 WHERE at >= @from AND at < @to
          UNION ALL SELECT series, at, value FROM metric_staging_1 WHERE at >= @from AND at < @to)
    GROUP BY series, at - at % ${minute}`);
  const rollHour = db.prepare(`
    INSERT OR REPLACE INTO metric_hour (series, at, min, max, sum, count)
    SELECT series, at - at % ${hour}, min(min), max(max), sum(sum), sum(count) FROM metric_minute
    WHERE at >= ? AND at < ? GROUP BY series, at - at % ${hour}`);
  const pruneRaw = db.prepare('DELETE FROM metric_raw WHERE at < ?');
  const pruneStaged = stagingTables.map((table) => db.prepare(`DELETE FROM ${table} WHERE at < ?`));
  const pruneMinute = db.prepare('DELETE FROM metric_minute WHERE at < ?');
  const pruneHour = db.prepare('DELETE FROM metric_hour WHERE at < ?');
  const oldestRaw = db.prepare<[], { at: number | null }>(
    'SELECT min(at) AS at FROM (SELECT min(at) AS at FROM metric_raw UNION ALL SELECT min(at) FROM metric_staging_0 UNION ALL SELECT min(at) FROM metric_staging_1)',
  );

  /** One prepared history query per tier: charts and anomaly priming ask many times a minute. */
  const historyQueries = new Map<Tier, Statement<[{ from: number; bucket: number; series: number; to: number }], Bucket>>();

  const idOf = (name: string): number => {
    let id = seriesIds.get(name);
    if (id === undefined) {
      id = selectSeries.get(name)?.id ?? Number(insertSeries.run(name).lastInsertRowid);
      seriesIds.set(name, id);
    }
    return id;
  };

  /**
   * Points staged and not yet in the raw tier, by series id (time → value): `staged` in the table
   * new points go to, `moving` those of the other table, which a compaction is moving (a series
   * leaves it once moved).
   */
  let staged = new Map<number, Map<number, number>>();
  let moving = new Map<number, Map<number, number>>();
  let stagedCount = 0;
  let current = 0;
  /** The compaction in progress: the series of the table being moved, `next` the first still to go. */
  let compaction: { table: number; series: number[]; next: number } | null = null;

  const writeBatch = db.transaction((points: [string, number, number][]) => {
    const insert = insertStaged[current]!;
    for (const [name, at, value] of points) insert.run(idOf(name), at, value);
  });

  const stage = (points: [string, number, number][]) => {
    for (const [name, at, value] of points) {
      const id = seriesIds.get(name)!;
      let series = staged.get(id);
      if (!series) staged.set(id, (series = new Map()));
      if (!series.has(at)) stagedCount++;
      series.set(at, value);
    }
  };

  const moveSlice = db.transaction((ids: number[]) => {
    for (const id of ids) {
      const points = moving.get(id);
      if (!points) continue;
      for (const [at, value] of points) insertRaw.run(id, at, value);
    }
  });

  /** Moves one slice of series into the raw tier; false when this compaction is done (or there was nothing to move). */
  const compactSlice = (): boolean => {
    if (!compaction) {
      if (staged.size === 0) return false;
      compaction = { table: current, series: [...staged.keys()].sort((a, b) => a - b), next: 0 };
      moving = staged;
      staged = new Map();
      current = 1 - current;
    }
    const { table, series, next } = compaction;
    if (next >= series.length) {
      emptyStaged[table]!.run();
      compaction = null;
      return false;
    }
    const ids = series.slice(next, next + seriesPerSlice);
    moveSlice(ids);
    for (const id of ids) {
      stagedCount -= moving.get(id)?.size ?? 0;
      moving.delete(id);
    }
    compaction.next = next + seriesPerSlice;
    return true;
  };

  const finishCompaction = () => {
    while (compaction !== null) compactSlice();
  };

  /** Finishes the compaction in progress, if any, then moves everything staged since. */
  const compactAll = () => {
    finishCompaction();
    while (compactSlice());
  };

  const rollAndPrune = db.transaction((now: number, retention: Retention) => {
    const minuteEnd = now - (now % minute);
    const minuteFrom = mark('metrics.rolled.minute', oldestRaw.get()?.at ?? minuteEnd);
    if (minuteEnd > minuteFrom) {
      rollMinute.run({ from: minuteFrom - (minuteFrom % minute), to: minuteEnd });
      setMark.run('metrics.rolled.minute', String(minuteEnd));
    }
    const hourEnd = now - (now % hour);
    const hourFrom = mark('metrics.rolled.hour', minuteFrom - (minuteFrom % hour));
    if (hourEnd > hourFrom) {
      rollHour.run(hourFrom, hourEnd);
      setMark.run('metrics.rolled.hour', String(hourEnd));
    }
    pruneRaw.run(now - retention.rawHours * hour);
    for (const prune of pruneStaged) prune.run(now - retention.rawHours * hour);
    pruneMinute.run(now - retention.minuteDays * 24 * hour);
    pruneHour.run(now - retention.hourDays * 24 * hour);
  });

  // Points staged by a run that ended without moving them (a crash, a kill) move now.
  db.transaction(() => {
    stagingTables.forEach((_, table) => {
      moveStaged[table]!.run();
      emptyStaged[table]!.run();
    });
  })();

  const mark = (key: string, fallback: number) => Number(getMark.get(key)?.value ?? fallback);

  return {
    /** Writes points `[series, at, value]` in one transaction. */
    write(points: [string, number, number][]): void {
      if (points.length === 0) return;
      writeBatch(points);
      stage(points);
      if (stagedCount > maxStagedPoints) compactAll();
    },

    /**
     * Moves a slice of the staged points into the raw tier (a hundred series); true while some
     * are left. The monitor calls it a turn of the event loop at a time before `maintain()`.
     */
    compactSome(): boolean {
      return compactSlice();
    },

    /** Rolls finished minutes and hours up, then drops what is older than each tier keeps. */
    maintain(now: number, retention: Retention): void {
      finishCompaction(); // rollups read both tables: no point may be in both
      rollAndPrune(now, retention);
    },


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
          ? `SELECT CAST((at - @from) / @bucket AS INTEGER) AS b, sum(value) AS sum, count(*) AS count, min(value) AS min, max(value) AS max FROM metric_raw
             WHERE series = @series AND at >= @from AND at < @to GROUP BY b ORDER BY b`
          : `SELECT CAST((at - @from) / @bucket AS INTEGER) AS b, sum(sum) AS sum, sum(count) AS count, min(min) AS min, max(max) AS max FROM metric_${tier}
             WHERE series = @series AND at >= @from - ${tier === 'minute' ? minute : hour} AND at < @to GROUP BY b ORDER BY b`;
      let query = historyQueries.get(tier);
      if (!query) historyQueries.set(tier, (query = db.prepare<[{ from: number; bucket: number; series: number; to: number }], Bucket>(sql)));
      return {
        tier,
        stepMs: bucket,
        series: names.map((name) => {
          const id = seriesIds.get(name) ?? selectSeries.get(name)?.id;
          let rows = id === undefined ? [] : query.all({ from, bucket, series: id, to });
          if (id !== undefined && tier === 'raw') {
            const older = moving.get(id);
            const newer = staged.get(id);
            if (older) rows = withStaged(rows, older, from, to, bucket, newer);
            if (newer) rows = withStaged(rows, newer, from, to, bucket);
          }
          return { name, points: rows.map((r) => [from + Math.max(0, r.b) * bucket, r.sum / r.count, r.min, r.max] as [number, number, number, number]) };
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

interface Bucket {
  b: number;
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** The raw tier's buckets with the staged points of the same series in [from, to) folded in, but those `replaced` holds again. */
function withStaged(rows: Bucket[], points: Map<number, number>, from: number, to: number, bucket: number, replaced?: Map<number, number>): Bucket[] {
  const byIndex = new Map(rows.map((r) => [r.b, r]));
  for (const [at, value] of points) {
    if (at < from || at >= to || replaced?.has(at)) continue;
    const b = Math.floor((at - from) / bucket);
    const row = byIndex.get(b);
    if (!row) byIndex.set(b, { b, sum: value, count: 1, min: value, max: value });
    else {
      row.sum += value;
      row.count++;
      row.min = Math.min(row.min, value);
      row.max = Math.max(row.max, value);
    }
  }
  return [...byIndex.values()].sort((x, y) => x.b - y.b);
}
