import { levelRank, type DriftReport } from '../../../shared/drift';
import { datasetVerdictSentence, levelWords, worstFeatureSentence } from '../../../shared/drift-verdict';
import { statisticsLine } from './feature-summary';

/**
 * The report as JUnit XML, the shape CI systems list as tests: one test case a feature, drifted
 * features failing with their statistics, untested ones skipped, and one case for the dataset verdict.
 */
export function driftReportJunit(report: DriftReport): string {
  const suite = `drift ${report.reference.name} → ${report.current.name}`;
  const classname = `drift.${report.current.name}`;
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;

  cases.push(
    testCase('dataset verdict', classname, report.dataset.drifted ? failure('DATASET_DRIFTED', datasetVerdictSentence(report.dataset), report.dataset.recommendation) : ''),
  );
  if (report.dataset.drifted) failures++;
  for (const f of report.features) {
    let body = '';
    if (f.level === 'INSUFFICIENT_DATA') {
      body = `<skipped message="${attr(`${levelWords[f.level]}: ${f.recommendation}`)}"/>`;
      skipped++;
    } else if (levelRank[f.level] >= levelRank.MILD_DRIFT) {
      body = failure(f.level, `${levelWords[f.level]}: ${statisticsLine(f)}`, [f.recommendation, ...f.findings].join('\n'));
      failures++;
    } else if (f.findings.length) {
      body = `<system-out>${text(f.findings.join('\n'))}</system-out>`;
    }
    cases.push(testCase(f.name, classname, body));
  }
  for (const s of report.skipped ?? []) {
    cases.push(testCase(s.name, classname, `<skipped message="${attr(`not tested, ${s.role}: ${s.reason}`)}"/>`));
    skipped++;
  }

  const tests = cases.length;
  const time = (report.durationMs / 1000).toFixed(3);
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
  const properties = [
    ['reference', report.reference.name],
    ['reference.rows', String(report.reference.rows)],
    ['current', report.current.name],
    ['current.rows', String(report.current.rows)],
    ...(report.reference.sha256 ? [['reference.sha256', report.reference.sha256]] : []),
    ...(report.current.sha256 ? [['current.sha256', report.current.sha256]] : []),
    ['verdict', datasetVerdictSentence(report.dataset)],
    ['worst', worstFeatureSentence(report.dataset)],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vigil drift" ${counts}>`,
    `  <testsuite name="${attr(suite)}" ${counts} timestamp="${new Date(report.createdAt).toISOString().slice(0, 19)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`),
    '    </properties>',
    ...cases.map((c) => `    ${c}`),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(name: string, classname: string, body: string): string {
  const open = `<testcase name="${attr(name)}" classname="${attr(classname)}" time="0"`;
  return body ? `${open}>${body}</testcase>` : `${open}/>`;
}

function failure(type: string, message: string, details: string): string {
  return `<failure type="${attr(type)}" message="${attr(message)}">${text(details)}</failure>`;
}

/** Characters XML 1.0 cannot carry at all are dropped; the rest escaped. */
function clean(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
