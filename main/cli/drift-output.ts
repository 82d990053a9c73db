import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { levelRank, type DriftLevel, type DriftReport } from '../../shared/drift';
import { driftReportHtml } from '../drift/report/html';
import { driftReportJunit } from '../drift/report/junit';
import { driftReportMarkdown } from '../drift/report/markdown';
import type { DriftFormat } from './drift-args';
import { formatDriftReport } from './drift-report-text';

const formatters: Record<DriftFormat, (report: DriftReport) => string> = {
  text: formatDriftReport,
  json: (report: DriftReport) => JSON.stringify(report, null, 2) + '\n',
  junit: driftReportJunit,
  markdown: driftReportMarkdown,
};

/** Writes a `vigil drift` report (to an HTML file if asked, to stdout in `format`) and returns the exit status. */
export async function writeDriftReport(report: DriftReport, format: DriftFormat, html: string | undefined, failOn: DriftLevel | undefined): Promise<number> {
  if (html !== undefined) {
    const target = resolve(html);
    try {
      await writeFile(target, driftReportHtml(report));
    } catch (error) {
      throw new Error(`cannot write the HTML report to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    process.stderr.write(`HTML report: ${target}\n`);
  }
  process.stdout.write(formatters[format](report));
  return failOn && levelRank[report.dataset.level] >= levelRank[failOn] ? 3 : 0;
}
