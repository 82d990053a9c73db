import { afterAll, describe, expect, it } from 'vitest';
import { detectDrift, presortWhileLoading } from '../../../../main/drift/detect';
import { featureStatistics } from '../../../../main/drift/feature-statistics';
import type { NumericalTask } from '../../../../main/drift/feature-task';
import type { Table } from '../../../../main/drift/load/table';
import { loadInWorker, type DatasetFile } from '../../../../main/drift/load-in-worker';
import { sharedPrefix } from '../../../../main/drift/load/shared-arrays';
import { WorkerPool } from '../../../../main/workers/worker-pool';
import { defaultConfig } from '../../../../shared/config';
import { DriftReport } from '../../../../shared/drift';
import { normals, uniforms, writeCsv } from '../../../helpers/dataset-files';

const pool = new WorkerPool('drift/drift-worker', 2);
afterAll(() => pool.close());
const thresholds = defaultConfig().drift;
const file = (path: string): DatasetFile => ({ path, name: path.split('/').pop()! });

function tabular(name: string, n: number, seed: number, shift: number) {
  const z = normals(seed);
  const u = uniforms(seed + 1);
  const rows = Array.from({ length: n }, () => {
    const city = u() < 0.5 + shift / 4 ? 'paris' : u() < 0.5 ? 'lyon' : 'nice';
    return [(40 + 10 * z() + 10 * shift).toFixed(4), (z() * 2).toFixed(4), city, Math.floor(u() * 3), u() < 0.3 + shift ? null : u().toFixed(4)];
  });
  return writeCsv(name, ['age', 'noise', 'city', 'rating', 'sometimes'], rows);
}

describe('detectDrift', () => {
  it('finds a shifted feature, leaves stable ones alone, and fills every reported field', async () => {
    const report = await detectDrift({
      reference: file(tabular('train.csv', 3000, 1, 0)),
      current: file(tabular('last_week.csv', 2000, 7, 0.4)),
      options: {},
      thresholds,
      pool,
    });
    expect(() => DriftReport.parse(report)).not.toThrow();
    const byName = Object.fromEntries(report.features.map((f) => [f.name, f]));
    expect(byName.age).toMatchObject({ kind: 'numerical', level: 'SEVERE_DRIFT', referenceCount: 3000, currentCount: 2000 });
    expect(byName.age!.ks!.method).toBe('exact');
    expect(byName.age!.wasserstein!.normed).toBeGreaterThan(0.3);
    expect(byName.noise!.level).toBe('NO_DRIFT');
    expect(byName.city).toMatchObject({ kind: 'categorical' });
    expect(byName.city!.chiSquare!.dof).toBe(2);
    expect(byName.rating).toMatchObject({ kind: 'categorical' }); // three distinct numbers: categorical
    for (const f of report.features) {
      expect(f.pValueAdjusted!).toBeGreaterThanOrEqual(f.pValue!);
      expect(f.recommendation.length).toBeGreaterThan(10);
    }
    expect(byName.sometimes!.missing.reference).toBeCloseTo(0.3, 1);
    expect(byName.sometimes!.missing.current).toBeCloseTo(0.7, 1);
    expect(byName.sometimes!.findings[0]).toMatch(/^Missing values rose from \d+\.\d % to \d+\.\d % of rows/);
    expect(byName.noise!.findings).toEqual([]);
    expect(report.dataset.featureCount).toBe(5);
    expect(report.windows).toEqual([]);
    expect(report.timestamp).toBeNull();
  });

  it('calls a dataset drifted only when the share of drifted features reaches the threshold', async () => {
    const same = await detectDrift({
      reference: file(tabular('a.csv', 1000, 11, 0)),
      current: file(tabular('b.csv', 1000, 12, 0)),
      options: {},
      thresholds,
      pool,
    });
    expect(same.dataset).toMatchObject({ drifted: false, level: 'NO_DRIFT', driftedCount: 0 });
    // age and city shift; "sometimes" is all missing on the current side, so 2 of 4 tested features drifted.
    const shifted = { reference: file(tabular('a.csv', 1000, 11, 0)), current: file(tabular('c.csv', 1000, 13, 0.8)), options: {}, pool };
    const atHalf = await detectDrift({ ...shifted, thresholds });
    expect(atHalf.features.find((f) => f.name === 'sometimes')!.level).toBe('INSUFFICIENT_DATA');
    expect(atHalf.dataset).toMatchObject({ featureCount: 5, driftedCount: 2, driftedShare: 0.5, drifted: true, level: 'SEVERE_DRIFT' });
    const stricter = await detectDrift({ ...shifted, thresholds: { ...thresholds, datasetDriftShare: 0.6 } });
    expect(stricter.dataset.drifted).toBe(false);
  });

  it('says INSUFFICIENT_DATA below 100 values on a side, and still reports the statistics', async () => {
    const report = await detectDrift({
      reference: file(tabular('small.csv', 80, 21, 0)),
      current: file(tabular('cur.csv', 500, 22, 0.5)),
      options: {},
      thresholds,
      pool,
    });
    expect(report.features.every((f) => f.level === 'INSUFFICIENT_DATA')).toBe(true);
    expect(report.features[0]!.ks).toBeDefined();
    expect(report.dataset.level).toBe('INSUFFICIENT_DATA');
  });

  it('applies --categorical and --numerical overrides', async () => {
    const report = await detectDrift({
      reference: file(tabular('a.csv', 500, 31, 0)),
      current: file(tabular('b.csv', 500, 32, 0)),
      options: { categorical: ['noise'], numerical: ['rating'] },
      thresholds,
      pool,
    });
    const kinds = Object.fromEntries(report.features.map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ noise: 'categorical', rating: 'numerical' });
  });

  it.each([
    [{ numerical: ['city'] }, /column "city" holds "(paris|lyon|nice)", which is not a number/],
    [{ categorical: ['missing_col'] }, /no column "missing_col"/],
    [{ categorical: ['age'], numerical: ['age'] }, /cannot be both/],
  ])('refuses impossible options %j', async (options, message) => {
    await expect(
      detectDrift({ reference: file(tabular('a.csv', 200, 41, 0)), current: file(tabular('b.csv', 200, 42, 0)), options, thresholds, pool }),
    ).rejects.toThrow(message);
  });

  it('sets identifiers, time columns and constants aside, and tests them only when asked', async () => {
    const side = (name: string, n: number, seed: number, firstId: number) => {
      const z = normals(seed);
      return writeCsv(
        name,
        ['id', 'user', 'seen', 'source', 'value'],
        Array.from({ length: n }, (_, i) => [firstId + i, `u-${seed}-${i}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), 'web', z().toFixed(4)]),
      );
    };
    const reference = file(side('ref.csv', 400, 51, 1));
    const current = file(side('cur.csv', 300, 52, 401));
    const report = await detectDrift({ reference, current, options: {}, thresholds, pool });
    expect(report.features.map((f) => f.name)).toEqual(['value']);
    expect(report.skipped!.map(({ name, role }) => [name, role])).toEqual([
      ['id', 'identifier'],
      ['user', 'identifier'],
      ['seen', 'timestamp'],
      ['source', 'constant'],
    ]);
    expect(report.skipped![0]!.reason).toMatch(/every row has its own value/);
    expect(report.dataset).toMatchObject({ featureCount: 1, testedCount: 1, drifted: false, worstFeature: { name: 'value', level: 'NO_DRIFT' } });

    const asked = await detectDrift({ reference, current, options: { numerical: ['id'], categorical: ['source'] }, thresholds, pool });
    expect(asked.features.map((f) => f.name)).toEqual(['id', 'source', 'value']);
    // The ids of the current rows all lie beyond the reference's: that is drift, once asked for.
    expect(asked.features[0]!.level).toBe('SEVERE_DRIFT');
    expect(asked.skipped!.map((s) => s.name)).toEqual(['user', 'seen']);
  });

  it('keeps integers that are unique but spread thinly, and a column constant on one side only, as features', async () => {
    const u = uniforms(61);
    const make = (name: string, n: number, flag: (i: number) => string) =>
      file(writeCsv(name, ['income', 'flag'], Array.from({ length: n }, (_, i) => [20_000 + i * 97 + Math.floor(u() * 50), flag(i)])));
    const report = await detectDrift({ reference: make('r.csv', 200, () => 'a'), current: make('c.csv', 200, (i) => (i % 2 ? 'a' : 'b')), options: {}, thresholds, pool });
    expect(report.features.map((f) => f.name)).toEqual(['income', 'flag']);
    expect(report.skipped).toEqual([]);
  });

  it('gives the dataset verdict and the worst feature as separate facts, with the rule used', async () => {
    const report = await detectDrift({
      reference: file(tabular('a.csv', 1000, 11, 0)),
      current: file(tabular('c.csv', 1000, 13, 0.8)),
      options: {},
      thresholds: { ...thresholds, datasetDriftShare: 0.6 },
      pool,
    });
    expect(report.dataset).toMatchObject({ drifted: false, level: 'SEVERE_DRIFT', testedCount: 4, driftShareRule: 0.6 });
    expect(report.dataset.worstFeature).toMatchObject({ level: 'SEVERE_DRIFT' });
    expect(['age', 'city']).toContain(report.dataset.worstFeature!.name);
    expect(report.thresholds).toMatchObject({ datasetDriftShare: 0.6, minSamples: 100, pValue: thresholds.pValue });
  });

  it('refuses a column present on one side only, naming both files', async () => {
    const a = writeCsv('left.csv', ['x', 'only_here'], [[1, 2]]);
    const b = writeCsv('right.csv', ['x'], [[1]]);
    await expect(detectDrift({ reference: file(a), current: file(b), options: {}, thresholds, pool })).rejects.toThrow(
      /column "only_here" is in .*left\.csv but not in .*right\.csv/,
    );
  });
});

describe('detectDrift with a timestamp column', () => {
  // 40 days of rows every 10 minutes; from day 37 on, "load" shifts by two standard deviations.
  const day = 86_400_000;
  const start = Date.parse('2026-10-01T00:00:00Z');
  const z = normals(99);
  const rows = Array.from({ length: 40 * 144 }, (_, k) => {
    const t = start + k * 600_000;
    const shifted = t >= start + 37 * day;
    return [new Date(t).toISOString(), (z() + (shifted ? 2 : 0)).toFixed(4), (z() * 3).toFixed(4)];
  });
  const path = writeCsv('stream.csv', ['ts', 'load', 'steady'], rows);

  it('compares the last 7 days, chunk by chunk, with the 30 days before, from one file', async () => {
    const read: string[] = [];
    const report = await detectDrift({
      reference: file(path),
      current: file(path),
      options: { timestamp: 'ts' },
      thresholds,
      pool,
      loadTable: (f) => (read.push(f.path), loadInWorker(pool, f)),
    });
    expect(read).toEqual([path]); // the one file is read once for both sides
    expect(report.features.map((f) => f.name)).toEqual(['load', 'steady']);
    expect(report.timestamp).toMatchObject({
      column: 'ts',
      detectionWindow: { start: start + 33 * day, end: start + 40 * day },
      referenceWindow: { start: start + 3 * day, end: start + 33 * day },
    });
    expect(report.windows).toHaveLength(7);
    expect(report.windows.map((w) => w.rows)).toEqual([144, 144, 144, 144, 144, 144, 144]);
    const load = report.windows.map((w) => w.features.find((f) => f.name === 'load')!.level);
    expect(load.slice(0, 4)).toEqual(['NO_DRIFT', 'NO_DRIFT', 'NO_DRIFT', 'NO_DRIFT']);
    expect(load.slice(4)).toEqual(['SEVERE_DRIFT', 'SEVERE_DRIFT', 'SEVERE_DRIFT']);
    // A stable feature may cross p < 0.05 in a chunk by chance (that is what 5 % means), never more.
    const steady = report.windows.map((w) => w.features.find((f) => f.name === 'steady')!.level);
    expect(steady.filter((level) => level !== 'NO_DRIFT' && level !== 'MILD_DRIFT')).toEqual([]);
    expect(report.features.find((f) => f.name === 'load')!.currentCount).toBe(7 * 144);
    expect(report.features.find((f) => f.name === 'load')!.referenceCount).toBe(30 * 144);
  });

  it('refuses a single file with nothing before its detection window', async () => {
    await expect(
      detectDrift({ reference: file(path), current: file(path), options: { timestamp: 'ts', referenceDays: 1, detectionDays: 40 }, thresholds, pool }),
    ).rejects.toThrow(/no rows in the 1 days before its detection window/);
  });

  it('refuses a timestamp column with text that is not a time', async () => {
    const bad = writeCsv('bad-ts.csv', ['ts', 'x'], [['2026-01-01', 1], ['yesterday', 2]]);
    await expect(detectDrift({ reference: file(bad), current: file(bad), options: { timestamp: 'ts' }, thresholds, pool })).rejects.toThrow(
      /timestamp column "ts" holds "yesterday"/,
    );
  });
});

// A worker left idle while the other file loads sorts the loaded file's numeric columns; the features
// then start from those sorts.
describe('sorting while the other file loads', () => {
  const ascendingPresent = (values: Float64Array) => Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();

  it('sorts the loaded file\'s numeric columns, not its categories nor the ones named categorical, until the other file is in', async () => {
    const loaded = loadInWorker(pool, file(tabular('presort.csv', 4000, 3, 0)));
    let arrive!: (table: Table) => void;
    const other = new Promise<Table>((resolve) => (arrive = resolve));
    const sorts = presortWhileLoading(pool, loaded, other, ['rating']);
    const table = await loaded;
    // age, noise and sometimes (with its missing values) are numeric; city holds text, rating is named categorical.
    const numeric = table.columns.filter((c) => c.kind === 'numeric' && c.name !== 'rating');
    expect(numeric.map((c) => c.name)).toEqual(['age', 'noise', 'sometimes']);
    while (sorts.size < numeric.length) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const column of numeric) {
      if (column.kind !== 'numeric') continue;
      const sorted = await sorts.get(column.values);
      expect(sorted!.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(sorted!)).toEqual(Array.from(ascendingPresent(column.values)));
    }
    expect(sorts.size).toBe(3);
    arrive(table);
  });

  it('stops before the sorted copies pass its memory budget', async () => {
    const loaded = loadInWorker(pool, file(tabular('presort-budget.csv', 4000, 4, 0)));
    let arrive!: (table: Table) => void;
    const other = new Promise<Table>((resolve) => (arrive = resolve));
    // Room for two of the three numeric columns (4 000 values of 8 bytes each).
    const sorts = presortWhileLoading(pool, loaded, other, ['rating'], 2.5 * 4000 * 8);
    await loaded;
    while (sorts.size < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(sorts.values());
    await new Promise((resolve) => setTimeout(resolve, 20)); // a third sort would have started by now
    expect(sorts.size).toBe(2);
    arrive(await loaded);
  });

  it('starts no sort once both files are in: one per idle worker at most', async () => {
    const loaded = loadInWorker(pool, file(tabular('presort-both.csv', 2000, 5, 0)));
    let arrive!: (table: Table) => void;
    const other = new Promise<Table>((resolve) => (arrive = resolve));
    const sorts = presortWhileLoading(pool, loaded, other, []);
    const table = await loaded;
    arrive(table);
    await other;
    await Promise.all(sorts.values());
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The pool has two workers: while one file loads, one lane sorts, and it stops after its first column.
    expect(sorts.size).toBe(1);
  });

  it('sorts nothing when both files are in already, or when the pool has no worker to spare', async () => {
    const table = await loadInWorker(pool, file(tabular('presort-done.csv', 2000, 6, 0)));
    const both = presortWhileLoading(pool, Promise.resolve(table), Promise.resolve(table), []);
    const single = new WorkerPool('drift/drift-worker', 1);
    try {
      let arrive!: (table: Table) => void;
      const alone = presortWhileLoading(single, Promise.resolve(table), new Promise<Table>((resolve) => (arrive = resolve)), []);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(both.size).toBe(0);
      expect(alone.size).toBe(0);
      arrive(table);
    } finally {
      await single.close();
    }
  });

  it('hands the sorts made while the current file loads to the features of detectDrift', async () => {
    const referencePath = tabular('presort-run-ref.csv', 4000, 8, 0);
    const currentPath = tabular('presort-run-cur.csv', 3000, 9, 0.3);
    const posted: { type: string; task?: NumericalTask }[] = [];
    // The same pool, each job it is given noted on the way.
    const watched = Object.assign(Object.create(pool) as WorkerPool, {
      run: <T,>(message: { type: string; task?: NumericalTask }) => {
        posted.push(message);
        return pool.run<T>(message);
      },
    });
    const reference = await loadInWorker(pool, file(referencePath));
    const report = await detectDrift({
      reference: file(referencePath),
      current: file(currentPath),
      options: { categorical: ['rating'] },
      thresholds,
      pool: watched,
      // The current file arrives late: its load is where the idle worker sorts the reference's columns.
      loadTable: (f) => (f.path === currentPath ? new Promise((resolve) => setTimeout(resolve, 300)).then(() => loadInWorker(pool, f)) : loadInWorker(pool, f)),
    });
    const features = posted.filter((m) => m.type === 'feature' && m.task?.kind === 'numerical').map((m) => m.task!);
    expect(features.map((t) => t.name).sort()).toEqual(['age', 'noise', 'sometimes']);
    for (const task of features) {
      const column = reference.columns.find((c) => c.name === task.name)!;
      if (column.kind !== 'numeric') throw new Error(`${task.name} is not numeric`);
      expect(Array.from(task.referenceSorted!)).toEqual(Array.from(ascendingPresent(column.values)));
      expect(task.currentSorted).toBeUndefined();
    }
    expect(report.features.find((f) => f.name === 'age')!.level).not.toBe('NO_DRIFT');
  });

  it('starts no sort while other jobs wait for the pool, which other runs share', async () => {
    const table = await loadInWorker(pool, file(tabular('presort-busy.csv', 2000, 7, 0)));
    // Both workers busy and a third job waiting, as another run's features would.
    const others = Array.from({ length: 3 }, (_, i) => pool.run<Float64Array>({ type: 'sort', values: sharedPrefix(Float64Array.from({ length: 1_000_000 }, (_, k) => (k * (i + 7)) % 1013), 1_000_000) }));
    let arrive!: (table: Table) => void;
    const sorts = presortWhileLoading(pool, Promise.resolve(table), new Promise<Table>((resolve) => (arrive = resolve)), []);
    await Promise.all(others);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sorts.size).toBe(0);
    arrive(table);
  });

  it('gives the same statistics from sorted columns as from the raw ones, and ignores them when a window picks rows', () => {
    const z = normals(11);
    const u = uniforms(12);
    const reference = Float64Array.from({ length: 3000 }, () => (u() < 0.05 ? NaN : z()));
    const current = Float64Array.from({ length: 2000 }, () => (u() < 0.05 ? NaN : z() + 0.3));
    const raw: NumericalTask = { kind: 'numerical', name: 'x', reference, current };
    const expected = featureStatistics(raw);
    expect(featureStatistics({ ...raw, referenceSorted: ascendingPresent(reference), currentSorted: ascendingPresent(current) })).toEqual(expected);

    // With windows the rows tested are a subset: sorts of the whole columns must not stand in for them.
    const times = Float64Array.from({ length: 3000 }, (_, i) => i);
    const windowed: NumericalTask = { ...raw, referenceTimes: times, referenceWindow: { start: 0, end: 1500 } };
    const bogus = new Float64Array([1, 2, 3]);
    expect(featureStatistics({ ...windowed, referenceSorted: bogus })).toEqual(featureStatistics(windowed));
  });
});
