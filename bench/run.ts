// `npm run bench [NAME…]`: runs every benchmark, or the named ones, prints their figures, then one summary table.
import * as alerts from './alerts/alerts-bench';
import * as anomaly from './anomaly/anomaly-bench';
import * as api from './api/round-trip';
import * as backup from './backup/backup-bench';
import * as drift from './drift/drift-bench';
import * as monitor from './monitor/monitor-bench';
import * as soak from './soak/soak-bench';
import { spawnSync } from 'node:child_process';
import { bundleIsCurrent, root } from '../bin/bundle-is-current.js';
import { summaryTable } from './summary';

const benchmarks: Record<string, { run(): Promise<void> }> = { alerts, anomaly, api, backup, drift, monitor, soak };

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in benchmarks)) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
}
// The benchmarks run `vigil` as a user does; with sources newer than the bundle it would run them
// through tsx instead, and measure the wrong thing.
if (!bundleIsCurrent()) {
  console.log('the sources are newer than the bundle: npm run build first');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
  if (!built || !bundleIsCurrent()) {
    console.error(built ? 'the bundle is still older than a source file (one dated in the future?): not measuring the sources through tsx' : 'npm run build failed');
    process.exit(1);
  }
}
for (const [name, benchmark] of Object.entries(benchmarks)) {
  if (wanted.length === 0 || wanted.includes(name)) await benchmark.run();
}
console.log(summaryTable());
