import { execFile } from 'node:child_process';
import { appendFile, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Config } from '../../shared/config';
import { severityRank, type Alert } from '../../shared/alerts';
import { expandHome } from '../config';
import type { Db } from '../store/open';

type ActionConfig = Config['alerts']['actions'][number];

export interface ActionPorts {
  /** Starts a backup (handed in by app.ts). */
  triggerBackup: () => Promise<string>;
  runDriftCheck: (reference: string, current: string) => Promise<string>;
  /** Says what happened (shown, or where it went); throws when the notification was dropped. */
  notifyDesktop: (alert: Alert) => Promise<string>;
  escalate: (alert: Alert) => void;
}

const maxOutput = 64 * 1024;

/**
 * Automatic actions: each runs once per alert per transition into the state it names (firing, or
 * resolved after firing), the first time the alert's rule and severity match, never again for that
 * alert; an acknowledgement is no transition. A cooldown holds it back across alerts of the same
 * rule. What it did or printed is kept with the alert. Commands come only from the config, run without a shell, with a timeout and a clean
 * environment; clear_cache deletes only inside the configured cache folders.
 */
export class ActionRunner {
  private readonly record;
  private readonly ranRecently;
  private readonly ranFor;
  private readonly running = new Set<Promise<void>>();
  /** `alertId:action:state` of runs not yet recorded. */
  private readonly inFlight = new Set<string>();
  /** When each action last started per rule, for runs the table does not hold yet. */
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly options: { config: () => Config['alerts']; dataDir: string; now: () => number; ports: ActionPorts },
  ) {
    this.record = db.prepare('INSERT INTO alert_actions (alert_id, action, trigger, at, ok, output) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.ranRecently = db.prepare<[string, string, number], { n: number }>(
      'SELECT count(*) AS n FROM alert_actions JOIN alerts ON alerts.id = alert_actions.alert_id WHERE action = ? AND alerts.rule = ? AND at > ?',
    );
    this.ranFor = db.prepare<[number, string, string], { n: number }>('SELECT count(*) AS n FROM alert_actions WHERE alert_id = ? AND action = ? AND trigger = ?');
  }

  /** Called on every alert change with how the alert was before (null when new); runs the actions this change triggers. */
  onChange(alert: Alert, before: Pick<Alert, 'state' | 'severity'> | null): void {
    if (!triggers(alert, before)) return;
    const trigger = alert.state;
    for (const action of this.options.config().actions) {
      const when = action.when;
      if (when.state !== alert.state) continue;
      if (when.rule && when.rule !== alert.rule) continue;
      if (severityRank[alert.severity] < severityRank[when.minSeverity]) continue;
      // Raised within the same state: only actions it did not qualify for before.
      if (before && before.state === alert.state && severityRank[before.severity] >= severityRank[when.minSeverity]) continue;
      const key = `${alert.id}:${action.name}:${trigger}`;
      if (this.inFlight.has(key) || this.ranFor.get(alert.id, action.name, trigger)!.n > 0) continue;
      const now = this.options.now();
      const since = now - action.cooldownMinutes * 60_000;
      const perRule = `${action.name}\u0000${alert.rule}`;
      if ((this.startedAt.get(perRule) ?? -Infinity) > since || this.ranRecently.get(action.name, alert.rule, since)!.n > 0) continue;
      this.startedAt.set(perRule, now);
      this.inFlight.add(key);
      const job = this.run(action, alert)
        .then((output) => ({ ok: true, output }))
        .catch((error: Error) => ({ ok: false, output: error.message }))
        .then(({ ok, output }) => void this.record.run(alert.id, action.name, trigger, now, ok ? 1 : 0, output.slice(0, maxOutput)));
      this.running.add(job);
      void job.finally(() => {
        this.running.delete(job);
        this.inFlight.delete(key);
      });
    }
  }

  /** Lets actions in flight finish (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  outputs(alertId: number): { action: string; at: number; ok: boolean; output: string }[] {
    return this.db
      .prepare<[number], { action: string; at: number; ok: number; output: string }>('SELECT action, at, ok, output FROM alert_actions WHERE alert_id = ? ORDER BY at, id')
      .all(alertId)
      .map((r) => ({ ...r, ok: r.ok === 1 }));
  }

  private async run(action: ActionConfig, alert: Alert): Promise<string> {
    const { ports } = this.options;
    switch (action.action) {
      case 'log_critical':
      case 'log_error':
      case 'log_warning': {
        const path = join(this.options.dataDir, 'logs', 'actions.log');
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const line = JSON.stringify({ at: new Date().toISOString(), level: action.action.slice(4), alert: alert.summary, severity: alert.severity, state: alert.state });
        await appendFile(path, line + '\n', { mode: 0o600 });
        return `logged to ${path}`;
      }
      case 'notify_desktop':
        return ports.notifyDesktop(alert);
      case 'escalate_to_admin':
        ports.escalate(alert);
        return 'escalation queued for the escalation channels';
      case 'trigger_backup':
        return ports.triggerBackup();
      case 'run_drift_check':
        if (!action.reference || !action.current) throw new Error(`action ${action.name} needs "reference" and "current" datasets`);
        return ports.runDriftCheck(action.reference, action.current);
      case 'clear_cache':
        return this.clearCache(action.path);
      case 'command':
      case 'attempt_recovery':
      case 'restart_service':
        if (!action.command) throw new Error(`action ${action.name} needs a "command": [program, ...arguments]`);
        return runCommand(action.command, action.timeoutSeconds * 1000);
    }
  }

  /** Empties a cache folder; anything not inside a configured cache folder is refused. */
  private async clearCache(path: string | undefined): Promise<string> {
    const folders = await Promise.all(this.options.config().cacheFolders.map((f) => realpath(expandHome(f)).catch(() => null)));
    const allowed = folders.filter((f): f is string => f !== null);
    if (allowed.length === 0) throw new Error('no cache folder is configured (alerts.cacheFolders), so nothing may be cleared');
    let targets = allowed;
    if (path !== undefined) {
      const real = await realpath(resolve(expandHome(path))).catch(() => null);
      if (!real || !allowed.some((root) => real === root || real.startsWith(root + sep))) {
        throw new Error(`refused: ${path} is not inside a configured cache folder`);
      }
      targets = [real];
    }
    let removed = 0;
    for (const target of targets) {
      for (const entry of await readdir(target)) {
        await rm(join(target, entry), { recursive: true, force: true });
        removed++;
      }
    }
    return `removed ${removed} entr${removed === 1 ? 'y' : 'ies'} from ${targets.join(', ')}`;
  }
}

/**
 * Whether a change can trigger actions: entering firing, resolving after having fired, or a
 * severity raised while firing. Acknowledgements, events and pending alerts that clear never do.
 */
function triggers(alert: Alert, before: Pick<Alert, 'state' | 'severity'> | null): boolean {
  if (alert.state === 'firing') return before?.state !== 'firing' || severityRank[alert.severity] > severityRank[before.severity];
  if (alert.state === 'resolved') return before?.state === 'firing';
  return false;
}

/** A configured program with its arguments: no shell, a timeout, only PATH and HOME from the environment. */
function runCommand([file, ...args]: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file!,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxOutput, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: homedir(), LANG: 'C.UTF-8' } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr ? `\n[stderr]\n${stderr}` : ''}`.trim();
        if (!error) return resolvePromise(output);
        const why = (error as NodeJS.ErrnoException & { killed?: boolean }).killed ? `timed out after ${timeoutMs / 1000} s` : error.message.split('\n')[0];
        reject(new Error(`${why}${output ? `\n${output}` : ''}`));
      },
    );
  });
}
