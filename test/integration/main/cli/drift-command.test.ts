import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { runVigil, vigilBin } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function dataset(name: string, n: number, seed: number, shift: number): string {
  const z = normals(seed);
  return writeCsv(
    name,
    ['age', 'noise', 'plan'],
    Array.from({ length: n }, (_, i) => [(40 + 10 * z() + 10 * shift).toFixed(3), z().toFixed(3), ['free', 'pro', 'team'][i % 3]!]),
  );
}

describe('vigil drift', () => {
  const reference = dataset('train.csv', 1500, 1, 0);
  const drifted = dataset('last_week.csv', 800, 2, 0.5);
  const same = dataset('same.csv', 800, 3, 0);

  it('--json prints one document with the documented field names', async () => {
    const result = await runVigil(['--data-dir', tempDir(), 'drift', reference, drifted, '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['features', 'dataset', 'windows']));
    const age = doc.features.find((f: { name: string }) => f.name === 'age');
    expect(age).toMatchObject({
      kind: 'numerical',
      referenceCount: 1500,
      currentCount: 800,
      missing: { reference: 0, current: 0 },
      ks: { statistic: expect.any(Number), pValue: expect.any(Number), method: 'exact' },
      wasserstein: { distance: expect.any(Number), normed: expect.any(Number) },
      psi: expect.any(Number),
      pValueAdjusted: expect.any(Number),
      level: 'SEVERE_DRIFT',
      recommendation: expect.any(String),
    });
    const plan = doc.features.find((f: { name: string }) => f.name === 'plan');
    expect(plan).toMatchObject({ kind: 'categorical', chiSquare: { statistic: expect.any(Number), pValue: expect.any(Number), dof: 2 }, jensenShannon: expect.any(Number) });
    expect(doc.dataset).toMatchObject({ featureCount: 3, driftedCount: 1, driftedShare: 1 / 3, drifted: false, level: 'SEVERE_DRIFT' });
    expect(doc.windows).toEqual([]);
  });

  // V8 reserves about 10 GiB of address space for a WebAssembly memory; the sort falls back to the
  // built-in one where a limit on address space (common on shared machines) refuses it.
  it.runIf(process.platform === 'linux')('gives the same results under a virtual-memory limit that leaves WebAssembly no room', async () => {
    const underLimit = (args: string[]) =>
      new Promise<{ status: number | string; stdout: string; stderr: string }>((resolve) => {
        execFile('bash', ['-c', 'ulimit -v 8000000 && exec "$0" "$@"', process.execPath, ...args], (error, stdout, stderr) =>
          resolve({ status: error ? (error.signal ?? Number(error.code)) : 0, stdout, stderr }),
        );
      });
    // The limit must really refuse WebAssembly its memory, or this would test the WebAssembly sort.
    const probe = await underLimit(['-e', 'new WebAssembly.Memory({ initial: 1 })']);
    expect(probe.stderr).toMatch(/RangeError: WebAssembly\.Memory\(\): could not allocate memory/);
    const free = await runVigil(['--data-dir', tempDir(), 'drift', reference, drifted, '--json']);
    const limited = await underLimit([vigilBin, '--data-dir', tempDir(), 'drift', reference, drifted, '--json']);
    expect(limited.stderr).toBe('');
    expect(limited.status).toBe(0);
    expect(JSON.parse(limited.stdout).features).toEqual(JSON.parse(free.stdout).features);
  });

  it('prints a table sorted by severity with the verdict and what to look at', async () => {
    const result = await runVigil(['--data-dir', tempDir(), 'drift', reference, drifted]);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('feature'));
    expect(lines[header + 1]).toMatch(/^age\s+numerical\s+SEVERE/);
    expect(result.stdout).toMatch(/^Dataset not drifted: 1 of 3 tested features drifted \(33 %\); the rule is 50 % or more\.\nWorst feature: "age", severe drift\.$/m);
    expect(result.stdout).toMatch(/What to look at:\n {2}- "age" has changed severely/);
    expect(result.stderr).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('reads spreadsheet exports without options, says how it read them, and sets the identifier aside', async () => {
    const fixtures = join(import.meta.dirname, '../../../fixtures/drift/dialects');
    const result = await runVigil(['--data-dir', tempDir(), 'drift', join(fixtures, 'excel-eu-utf8.csv'), join(fixtures, 'excel-eu-latin1.csv')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("read " + join(fixtures, 'excel-eu-latin1.csv') + " as CSV, Latin-1, ';' between fields, double quotes, decimal comma, header row");
    expect(result.stdout).toMatch(/Not tested:\n {2}- id \(identifier\): every row has its own value/);
    const told = await runVigil(['--data-dir', tempDir(), 'drift', join(fixtures, 'excel-eu-utf8.csv'), join(fixtures, 'excel-eu-latin1.csv'), '--decimal', '.', '--json']);
    const price = JSON.parse(told.stdout).features.find((f: { name: string }) => f.name === 'price');
    expect(price.kind).toBe('categorical'); // "1,5" is text once the decimal mark is a point
  });

  it('refuses a delimiter or an encoding it cannot read with', async () => {
    for (const [flag, value, message] of [
      ['--delimiter', ':', /--delimiter takes , ; tab or \|/],
      ['--encoding', 'ebcdic', /--encoding takes utf-8, utf-16le, utf-16be or latin1/],
    ] as const) {
      const bad = await runVigil(['--data-dir', tempDir(), 'drift', reference, drifted, flag, value]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('--format junit prints JUnit XML, and --html writes the report beside it', async () => {
    const dataDir = tempDir();
    const html = join(dataDir, 'report.html');
    const junit = await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--format', 'junit', '--html', html]);
    expect(junit.status).toBe(0);
    expect(junit.stderr).toBe(`HTML report: ${html}\n`);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<p class="fact" id="dataset-verdict">Dataset not drifted: 1 of 3 tested features drifted/);
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="vigil drift" tests="4" failures="1" /);
    expect(junit.stdout).toMatch(/<testcase name="age" [^>]*><failure type="SEVERE_DRIFT"/);
  });

  it('--format markdown prints a summary table; a bad format or an unwritable --html is refused', async () => {
    const dataDir = tempDir();
    const markdown = await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^### Drift: .*train\.csv → .*last_week\.csv\n/);
    const bad = await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format takes text, json, junit or markdown/);
    const unwritable = await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--html', join(dataDir, 'no-such-folder', 'r.html')]);
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(/cannot write the HTML report to .*no-such-folder\/r\.html: ENOENT/);
  });

  it('--fail-on exits 3 when the dataset level reaches it, 0 otherwise', async () => {
    const dataDir = tempDir();
    expect((await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--fail-on', 'moderate'])).status).toBe(3);
    expect((await runVigil(['--data-dir', dataDir, 'drift', reference, same, '--fail-on', 'mild'])).status).toBe(0);
  });

  it('exits 2 with the reason on stderr for bad usage and unreadable input', async () => {
    const dataDir = tempDir();
    const cases: [string[], RegExp][] = [
      [['drift'], /needs a reference and a current dataset/],
      [['drift', reference], /--timestamp/],
      [['drift', reference, drifted, '--fail-on', 'loud'], /--fail-on takes mild, moderate or severe/],
      [['drift', reference, drifted, '--detection-days', '0'], /--detection-days takes a positive number/],
      [['drift', reference, '/nowhere/x.csv'], /no such file/],
      [['drift', reference, drifted, '--numerical', 'plan'], /"plan" holds "(free|pro|team)", which is not a number/],
    ];
    for (const [args, message] of cases) {
      const result = await runVigil(['--data-dir', dataDir, ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  // The files start loading before the config is read: a broken config still ends the run at once.
  it('exits 1 naming a broken config.json, with its workers already reading', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), '{ "drift": ');
    const result = await runVigil(['--data-dir', dataDir, 'drift', reference, drifted, '--json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/config\.json/);
    expect(result.stdout).toBe('');
  });
});
