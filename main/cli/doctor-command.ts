import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { runDoctor } from '../doctor/checks';
import { reportText } from '../doctor/report-text';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const doctorHelp = `Usage: vigil [--data-dir DIR] doctor [--json] [--desktop] [--port PORT]

Checks what Vigil needs on this machine: Node.js, the data directory and its free space, the
configuration, SQLite for Node, Electron and its own SQLite build, Chromium (for tests),
nvidia-smi and the driver, the headless host's port, the backup destination. One line a check:
ok, problem or absent (an optional part that is not there), then what to do.

  --json      one JSON document: { ok, checks: [{ id, title, status, detail, fix, needed }] }
  --desktop   check for the desktop app: a missing Electron or its SQLite is then a problem to fix
  --port N    the port vigil serve would use (default: server.port, 7177)

Exit status: 0 when everything needed works, 1 when something needed is broken.
`;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function doctorCommand(dataDir: string, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, desktop: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    process.stdout.write(doctorHelp);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) throw new UsageError(`--port takes a port number, not ${values.port}`);
  const report = await runDoctor({ projectRoot, dataDir, desktop: values.desktop ?? false, requiredNode: packageJson.engines.node, port });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return report.ok ? 0 : 1;
}
