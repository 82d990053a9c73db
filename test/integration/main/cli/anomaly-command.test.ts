import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

// GPU temperature exported once a minute: steady around 70 °C, one reading of 95 at row 150.
const z = normals(7);
const start = Date.UTC(2026, 10, 1);
const rows = Array.from({ length: 200 }, (_, i) => ({ at: start + i * 60_000, temp: i === 149 ? 95 : Number((70 + z()).toFixed(2)) }));

describe('vigil anomaly', () => {
  const csv = writeCsv('gpu.csv', ['time', 'temp', 'host'], rows.map((r) => [new Date(r.at).toISOString(), r.temp, 'box']));

  it('scores every row of a CSV and flags the one reading out of line', async () => {
    const result = await runVigil(['anomaly', csv, '--value', 'temp', '--timestamp', 'time']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('row,timestamp,value,expected,score,anomalous');
    expect(lines).toHaveLength(201);
    const flagged = lines.slice(1).filter((l) => l.endsWith(',true'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatch(/^150,2026-11-01T02:29:00\.000Z,95,70\.\d*,\d+(\.\d+)?,true$/);
    expect(result.stderr).toBe('1 of 200 rows anomalous\n');
  });

  it('reads JSON Lines in any order and prints one JSON document, rows in input order', async () => {
    const dir = tempDir();
    const path = join(dir, 'gpu.jsonl');
    const shuffled = [...rows].reverse();
    writeFileSync(path, shuffled.map((r) => JSON.stringify({ ts: r.at / 1000, temp: r.temp })).join('\n') + '\n');
    const result = await runVigil(['anomaly', path, '--value', 'temp', '--timestamp', 'ts', '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ value: 'temp', timestamp: 'ts', rows: 200, anomalous: 1 });
    expect(doc.scores[0]).toMatchObject({ row: 1, at: rows[199]!.at, anomalous: false });
    expect(doc.scores[199]).toMatchObject({ row: 200, at: rows[0]!.at, score: 0 }); // the oldest row: scored first, while learning
    expect(doc.scores.find((s: { anomalous: boolean }) => s.anomalous)).toMatchObject({ row: 51, value: 95 });
  });

  it('refuses what it cannot score with a clear message and exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [['anomaly', csv], /--value/],
      [['anomaly', csv, '--value', 'tmp'], /has no column "tmp"; it has time, temp, host/],
      [['anomaly', csv, '--value', 'host'], /column "host" .* holds text, not numbers/],
      [['anomaly', csv, '--value', 'temp', '--timestamp', 'host'], /"host" holds "box", which is not an ISO-8601 time/],
      [['anomaly', join(tempDir(), 'missing.csv'), '--value', 'temp'], /missing\.csv/],
      [['anomaly', csv, '--value', 'temp', '--threshold', 'high'], /--threshold takes a positive number, not high/],
    ];
    const results = await Promise.all(cases.map(([args]) => runVigil(args)));
    results.forEach((result, i) => {
      const [args, message] = cases[i]!;
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }, 60_000);
});
