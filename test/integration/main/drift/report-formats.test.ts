import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../../../main/drift/detect';
import { driftReportJunit } from '../../../../main/drift/report/junit';
import { driftReportMarkdown } from '../../../../main/drift/report/markdown';
import { WorkerPool } from '../../../../main/workers/worker-pool';
import { defaultConfig } from '../../../../shared/config';
import type { DriftReport } from '../../../../shared/drift';
import { normals } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

const schema = join(import.meta.dirname, '../../../fixtures/junit/junit.xsd');

/** Rows with an id, a shifted feature whose name needs escaping, a stable one, a sparse one and a category with a pipe in its name. */
function csv(name: string, n: number, seed: number, shift: number): string {
  const z = normals(seed);
  const lines = ['id,"a<b & ""c""",steady,sparse,plan|tier'];
  for (let i = 0; i < n; i++) {
    lines.push([seed * 10_000 + i, (z() + shift).toFixed(4), z().toFixed(4), i % 10 === 0 ? z().toFixed(3) : '', ['free', 'pro'][i % 2]].join(','));
  }
  const path = join(tempDir(), name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('CI formats of a drift report', () => {
  const pool = new WorkerPool('drift/drift-worker', 2);
  let report: DriftReport;
  beforeAll(async () => {
    const file = (path: string) => ({ path, name: path.split('/').pop()! });
    report = await detectDrift({
      reference: file(csv('train.csv', 600, 1, 0)),
      current: file(csv('today.csv', 400, 2, 1)),
      options: {},
      thresholds: defaultConfig().drift,
      pool,
    });
  });
  afterAll(() => pool.close());

  it('JUnit: valid against the schema CI systems accept; drifted features fail with their statistics', () => {
    const xml = driftReportJunit(report);
    const path = join(tempDir(), 'drift.xml');
    writeFileSync(path, xml);
    const lint = spawnSync('xmllint', ['--noout', '--schema', schema, path], { encoding: 'utf8' });
    expect(lint.error, 'xmllint (Debian package libxml2-utils) is needed to validate JUnit XML').toBeUndefined();
    expect(lint.stderr).toContain('validates');
    expect(lint.status).toBe(0);

    expect(xml).toMatch(/<testsuites name="vigil drift" tests="6" failures="1" errors="0" skipped="2" /);
    const failing = /<testcase name="a&lt;b &amp; &quot;c&quot;" classname="drift\.today\.csv" time="0"><failure type="SEVERE_DRIFT" message="severe drift: KS [\d.]+ \(p [^)]+, exact\), adjusted p [^,]+, Wasserstein [\d.]+ \(normed [\d.]+\), PSI [\d.]+, 600 reference and 400 current values">/;
    expect(xml).toMatch(failing);
    expect(xml).toMatch(/<testcase name="steady" classname="drift\.today\.csv" time="0"\/>/);
    expect(xml).toMatch(/<testcase name="sparse" [^>]*><skipped message="too few values to test: /);
    expect(xml).toMatch(/<testcase name="id" [^>]*><skipped message="not tested, identifier: every row has its own value/);
    // One feature of four drifted: the dataset verdict passes under the 50 % rule.
    expect(xml).toMatch(/<testcase name="dataset verdict" classname="drift\.today\.csv" time="0"\/>/);
    expect(xml).toContain('<property name="current.sha256" value="');
  });

  it('JUnit: the dataset verdict fails when the share rule is met', () => {
    const drifted = { ...report, dataset: { ...report.dataset, drifted: true, driftShareRule: 0.25 } };
    const xml = driftReportJunit(drifted);
    expect(xml).toMatch(/<testcase name="dataset verdict" [^>]*><failure type="DATASET_DRIFTED" message="Dataset drifted: 1 of 3 tested features drifted \(33 %\); the rule is 25 % or more\.">/);
    expect(xml).toMatch(/tests="6" failures="2"/);
  });

  it('Markdown: the verdict and the worst feature as two sentences, then one table row a feature, worst first', () => {
    const md = driftReportMarkdown(report);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### Drift: train.csv → today.csv');
    expect(md).toContain('**Dataset not drifted: 1 of 3 tested features drifted (33 %); the rule is 50 % or more.**');
    expect(md).toContain('Worst feature: "a&lt;b & "c"", severe drift.');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Feature'));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^\| a&lt;b & "c" \| numerical \| 🔴 severe drift \| /);
    expect(rows.find((r) => r.startsWith('| plan\\|tier |'))).toMatch(/\| categorical \| 🟢 no drift \|/);
    // Every row has the header's nine cell borders, so a pipe in a name cannot shift columns.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(10);
    expect(md).toContain('Not tested: id (identifier).');
  });
});
