// Backups against GNU tar on about 300 MB of mixed files (random model weights, CSV, small JSON),
// in the same run: a full backup (hashes, read-back check and manifest included) against
// `tar czf` at the same gzip level, an incremental after 1 % of the files changed, and a restore
// against `tar xzf`; both as the ratio of Vigil's time to GNU tar's.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreArchive } from '../../main/backup/restore';
import { runBackup } from '../../main/backup/run-backup';
import { createBackupCatalog } from '../../main/store/backup-catalog';
import { openStore } from '../../main/store/open';

const seconds = (start: number) => (performance.now() - start) / 1000;
const mb = 1024 * 1024;

function makeSource(root: string): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  mkdirSync(join(root, 'weights'), { recursive: true });
  for (let i = 0; i < 8; i++) {
    const path = join(root, 'weights', `shard-${i}.bin`);
    const data = randomBytes(25 * mb);
    writeFileSync(path, data);
    files.push(path);
    bytes += data.length;
  }
  mkdirSync(join(root, 'data'));
  for (let i = 0; i < 4; i++) {
    const rows = ['id,feature_a,feature_b,label'];
    let text = '';
    for (let r = 0; text.length < 20 * mb; r++) text += `${r},${(Math.sin(r) * 1000).toFixed(4)},${(r % 97) / 7},${r % 2}\n`;
    const path = join(root, 'data', `part-${i}.csv`);
    writeFileSync(path, rows[0] + '\n' + text);
    files.push(path);
    bytes += text.length;
  }
  mkdirSync(join(root, 'runs'));
  for (let i = 0; i < 2000; i++) {
    const path = join(root, 'runs', `run-${i}.json`);
    const body = JSON.stringify({ run: i, lr: 0.001 * (i % 10), metrics: Array.from({ length: 400 }, (_, k) => Math.round(Math.sin(i + k) * 1e6) / 1e6) });
    writeFileSync(path, body);
    files.push(path);
    bytes += body.length;
  }
  return { files, bytes };
}

function gnuTar(args: string[]): number {
  const start = performance.now();
  const result = spawnSync('tar', args, { stdio: 'ignore', env: { ...process.env, GZIP: '' } });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')} failed`);
  return seconds(start);
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const source = join(work, 'source');
    const { files, bytes } = makeSource(source);
    const db = openStore(join(work, 'data'));
    const catalog = createBackupCatalog(db);
    const backup = (kind: 'full' | 'incremental') =>
      runBackup({ source: { name: 'models', path: source, exclude: [] }, kind, destination: join(work, 'backups'), gzipLevel: 6, catalog, now: Date.now });

    spawnSync('sync');
    const tarTime = gnuTar(['-I', 'gzip -6', '-cf', join(work, 'gnu.tar.gz'), '-C', source, '.']);
    let start = performance.now();
    const full = await backup('full');
    const fullTime = seconds(start);

    for (const path of files.filter((_, i) => i % 100 === 0)) writeFileSync(path, randomBytes(1024));
    start = performance.now();
    await backup('incremental');
    const incTime = seconds(start);

    const untarTime = gnuTar(['-xzf', join(work, 'gnu.tar.gz'), '-C', (mkdirSync(join(work, 'gnu-out')), join(work, 'gnu-out'))]);
    start = performance.now();
    await restoreArchive({ id: full.id, to: join(work, 'vigil-out'), catalog });
    const restoreTime = seconds(start);
    db.close();

    const rate = (s: number) => `${(bytes / mb / s).toFixed(0)} MB/s`;
    console.log(`backup: ${(bytes / mb).toFixed(0)} MB in ${files.length} files (random weights, CSV, small JSON), gzip level 6`);
    console.log(`  full backup, vigil            ${fullTime.toFixed(2).padStart(6)} s  ${rate(fullTime).padStart(9)}   (SHA-256 of the archive and of every file, manifest included)`);
    console.log(`  tar czf (GNU tar)             ${tarTime.toFixed(2).padStart(6)} s  ${rate(tarTime).padStart(9)}   vigil takes ${(fullTime / tarTime).toFixed(2)}× its time (target ≤ 0.8)`);
    console.log(`  incremental after 1 % changed ${incTime.toFixed(2).padStart(6)} s             ${((100 * incTime) / fullTime).toFixed(1)} % of the full (target < 10 %)`);
    console.log(`  restore, vigil                ${restoreTime.toFixed(2).padStart(6)} s  ${rate(restoreTime).padStart(9)}   (archive hash and every file hash checked)`);
    console.log(`  tar xzf (GNU tar)             ${untarTime.toFixed(2).padStart(6)} s  ${rate(untarTime).padStart(9)}   vigil takes ${(restoreTime / untarTime).toFixed(2)}× its time (target ≤ 1.5)`);
    console.log(`  (measured at load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores: the machine may be shared)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
