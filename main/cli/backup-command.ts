import { BackupKind } from '../../shared/backup';
import { AppError } from '../../shared/result';
import { createApp } from '../app';
import { ProgressBar } from './progress-bar';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const backupHelp = `Usage: vigil [--data-dir DIR] backup COMMAND

Commands:
  run --kind full|incremental|differential [--source NAME] [--json]
                           back up every source (or one); prints each archive record
  list [--json]            every archive with its status
  verify [ID] [--json]     re-hash archives; exit 1 naming what is corrupt and what depends on it
  restore ID --to DIR [--path P]... [--keep-set-id]
                           restore an archive's moment into a new or empty folder (or only P);
                           setuid/setgid bits are dropped unless --keep-set-id; exit 1 when the
                           archive cannot be restored, saying why
  prune [--dry-run]        apply backup.retention now (every successful run does it too);
                           --dry-run shows what would go
`;

export async function backupCommand(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(backupHelp);
    return values.help ? 0 : 2;
  }
  const app = createApp({ dataDir, host: 'cli', live: false });
  const out = (value: unknown, text: string) => process.stdout.write(values.json ? JSON.stringify(value, null, 2) + '\n' : text);
  try {
    // Whatever a killed run left is healed before anything is listed, verified or restored
    // (a run heals once it holds the lock).
    if (command !== 'run') app.backup.recover();
    switch (command) {
      case 'run': {
        const kind = BackupKind.safeParse(values.kind);
        if (!kind.success) throw new UsageError('backup run needs --kind full, incremental or differential');
        const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
        const off = app.events.on('backup.progress', (p) => {
          if (!bar || p.totalBytes === undefined) return;
          const eta = p.etaSeconds === null || p.etaSeconds === undefined ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
          bar.update(p.bytes ?? 0, p.totalBytes || 1, `${p.source} ${p.phase} ${p.files}/${p.totalFiles} files, ${((p.bytesPerSecond ?? 0) / 1e6).toFixed(1)} MB/s${eta}`);
        });
        const records = await app.backup.run(kind.data, values.source).finally(() => (off(), bar?.clear()));
        const fields = records.map((r) => ({ id: r.id, kind: r.kind, parentId: r.parentId, files: r.files, bytes: r.bytes, sha256: r.sha256, path: r.path, source: r.source }));
        const pruned = app.backup.lastRetention?.remove.length ? `retention deleted ${app.backup.lastRetention.remove.map((id) => `#${id}`).join(', ')}, freeing ${app.backup.lastRetention.freedBytes} bytes\n` : '';
        out(values.source ? fields[0] : fields, (fields.map((r) => `#${r.id} ${r.source} ${r.kind}: ${r.files} files, ${r.bytes} bytes → ${r.path}\n`).join('') || 'no source folder exists to back up\n') + pruned);
        return 0;
      }
      case 'list': {
        const list = app.backup.list().map(({ freedIfDeleted: _, ...r }) => r);
        out(list, list.map((r) => `#${r.id} ${r.source} ${r.kind.padEnd(12)} ${r.status.padEnd(8)} ${new Date(r.createdAt).toISOString()} ${r.files ?? '-'} files ${r.bytes ?? '-'} bytes${r.error ? ` (${r.error})` : ''}\n`).join('') || 'no archives yet\n');
        return 0;
      }
      case 'verify': {
        const id = rest[0] === undefined ? undefined : Number(rest[0]);
        if (id !== undefined && !Number.isInteger(id)) throw new UsageError('backup verify takes an archive id');
        const results = await app.backup.verify(id);
        out(results, results.map((r) => (r.ok ? `#${r.id} ok\n` : `#${r.id} CORRUPT: ${r.problem}${r.dependents.length ? `; needed by ${r.dependents.map((d) => `#${d}`).join(', ')}` : ''}\n`)).join(''));
        const bad = results.filter((r) => !r.ok);
        if (bad.length) process.stderr.write(`vigil: ${bad.length} archive${bad.length > 1 ? 's are' : ' is'} corrupt: ${bad.map((r) => `#${r.id}`).join(', ')}\n`);
        return bad.length ? 1 : 0;
      }
      case 'restore': {
        const id = Number(rest[0]);
        if (!Number.isInteger(id)) throw new UsageError('backup restore needs the archive id');
        if (!values.to) throw new UsageError('backup restore needs --to DIR (a new or empty folder)');
        const result = await app.backup.restore(id, values.to, values.path ?? [], Boolean(values['keep-set-id']));
        process.stdout.write(`restored ${result.files} files into ${result.to}\n`);
        return 0;
      }
      case 'prune': {
        const result = app.backup.prune(Boolean(values['dry-run']));
        process.stdout.write(`${values['dry-run'] ? 'would delete' : 'deleted'} ${result.remove.length} archives${result.remove.length ? ` (${result.remove.map((id) => `#${id}`).join(', ')})` : ''}, freeing ${result.freedBytes} bytes\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown backup command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') {
      process.stderr.write(`vigil: ${error.message}\n`);
      return error.code === 'invalid_request' ? 2 : 1;
    }
    throw error;
  } finally {
    await app.dispose();
  }
}

function parse(args: string[]) {
  return parseCommandArgs(args, {
        kind: { type: 'string' },
        source: { type: 'string' },
        json: { type: 'boolean' },
        to: { type: 'string' },
        path: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        'keep-set-id': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      });
}
