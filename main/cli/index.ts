import { version } from '../version';
import { parseGlobalOptions } from './global-options';
import { UsageError } from './usage-error';

export const mainHelp = `Usage: vigil [--data-dir DIR] COMMAND [options]

Vigil: monitor, drift, alerts and backups for a training workstation.

Commands:
  serve      run the headless host and print its URL (vigil serve --help)
  drift      compare two datasets and say which features drifted (vigil drift --help)
  alerts     list, test a channel, acknowledge (vigil alerts --help)
  backup     run, list, verify, restore, prune (vigil backup --help)
  token      show or rotate the admin, ingest and metrics tokens (vigil token --help)
  doctor     check what Vigil needs on this machine (vigil doctor --help)
  anomaly    score a recorded series with the anomaly detector (vigil anomaly --help)

Global options:
  --data-dir DIR   where Vigil keeps its database and config.json
                   (default: $XDG_DATA_HOME/vigil, else ~/.local/share/vigil)
  -h, --help       this help
  -V, --version    print the version
`;

/** Runs the CLI and returns the exit status: 0 success, 1 failure, 2 bad usage. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const options = parseGlobalOptions(argv);
    if (options.version) {
      process.stdout.write(`vigil ${version}\n`);
      return 0;
    }
    if (!options.command) {
      if (options.help) {
        process.stdout.write(mainHelp);
        return 0;
      }
      throw new UsageError('a command is needed');
    }
    const rest = options.help ? ['--help', ...options.rest] : options.rest;
    // Each command loads only its own modules: `vigil drift` does not pay for the server.
    switch (options.command) {
      case 'serve':
        return await (await import('./serve')).serveCommand(options.dataDir, rest);
      case 'drift': {
        if (rest[0] === 'watch') return await (await import('./drift-watch-command')).driftWatchCommand(options.dataDir, rest.slice(1));
        const [{ driftArgs, driftHelp }, { startDriftWorkers }] = await Promise.all([import('./drift-args'), import('./drift-workers')]);
        const request = driftArgs(rest);
        if (request === null) {
          process.stdout.write(driftHelp);
          return 0;
        }
        // Started before the command's own modules load, so the threads' start-up overlaps that.
        return await (await import('./drift-command')).driftCommand(options.dataDir, request, startDriftWorkers());
      }
      case 'alerts':
        return await (await import('./alerts-command')).alertsCommand(options.dataDir, rest);
      case 'backup':
        return await (await import('./backup-command')).backupCommand(options.dataDir, rest);
      case 'token':
        return (await import('./token-command')).tokenCommand(options.dataDir, rest);
      case 'doctor':
        return await (await import('./doctor-command')).doctorCommand(options.dataDir, rest);
      case 'anomaly':
        return await (await import('./anomaly-command')).anomalyCommand(rest);
      case 'help':
        process.stdout.write(mainHelp);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(options.command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`vigil: ${error.message}\nTry 'vigil --help'.\n`);
      return 2;
    }
    process.stderr.write(`vigil: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
