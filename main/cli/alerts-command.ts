import type { Alert } from '../../shared/alerts';
import { AppError } from '../../shared/result';
import { createApp } from '../app';
import { parseCommandArgs } from './parse-command-args';
import { UsageError } from './usage-error';

export const alertsHelp = `Usage: vigil [--data-dir DIR] alerts COMMAND

Commands:
  list [--json]            the open alerts, worst first
  test --channel NAME [--timeout SECONDS]
                           send a test notification through the outbox; exit 0 once delivered,
                           1 with the reason when its retries failed or time ran out (60 s)
  ack ID [--for MINUTES]   acknowledge an alert: no more escalation or repeats (for a while)
`;

const rank = { CRITICAL: 3, ERROR: 2, WARNING: 1, INFO: 0 } as const;

export async function alertsCommand(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(alertsHelp);
    return values.help ? 0 : 2;
  }
  const app = createApp({ dataDir, host: 'cli', live: false });
  try {
    if (command === 'list') {
      const open = app.alerts.open().sort((a, b) => rank[b.severity] - rank[a.severity] || a.startedAt - b.startedAt);
      process.stdout.write(values.json ? JSON.stringify(open, null, 2) + '\n' : formatAlerts(open));
      return 0;
    }
    if (command === 'test') {
      if (!values.channel) throw new UsageError('alerts test needs --channel NAME');
      const seconds = values.timeout === undefined ? 60 : Number(values.timeout);
      if (!(seconds > 0)) throw new UsageError(`--timeout takes seconds, not ${values.timeout}`);
      const result = await app.alerts.test(values.channel, seconds * 1000);
      if (result.deliveredAt !== null) {
        process.stdout.write(`delivered a test notification to ${values.channel} after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}\n`);
        return 0;
      }
      const why = result.failedAt === null ? `not delivered within ${seconds} s` : 'not delivered';
      process.stderr.write(`vigil: the test notification to ${values.channel} was ${why} (${result.attempts} attempts): ${result.lastError}\n`);
      return 1;
    }
    if (command === 'ack') {
      const id = Number(rest[0]);
      if (!Number.isInteger(id)) throw new UsageError('alerts ack needs the alert id (see vigil alerts list)');
      const minutes = values.for === undefined ? null : Number(values.for);
      if (minutes !== null && !(minutes > 0)) throw new UsageError(`--for takes minutes, not ${values.for}`);
      const alert = app.alerts.acknowledge(id, minutes === null ? null : Date.now() + minutes * 60_000);
      process.stdout.write(`acknowledged #${alert.id}: ${alert.summary}\n`);
      return 0;
    }
    throw new UsageError(`unknown alerts command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      process.stderr.write(`vigil: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.dispose();
  }
}

function formatAlerts(open: Alert[]): string {
  if (open.length === 0) return 'No open alerts.\n';
  return (
    open
      .map((a) => `#${a.id}  ${a.severity.padEnd(8)} ${a.state.padEnd(7)} ${a.summary}  (since ${new Date(a.firedAt ?? a.startedAt).toLocaleString()}${a.acknowledgedAt ? ', acknowledged' : ''})`)
      .join('\n') + '\n'
  );
}

function parse(args: string[]) {
  return parseCommandArgs(args, { json: { type: 'boolean' }, channel: { type: 'string' }, timeout: { type: 'string' }, for: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
}
